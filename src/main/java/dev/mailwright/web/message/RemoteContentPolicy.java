package dev.mailwright.web.message;

import org.springframework.stereotype.Service;

import dev.mailwright.inbound.AuthenticationResults.SenderVerdict;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.TrustedSenders;

/**
 * Whether a message's remote content is shown without asking: only when the reader trusts its sender AND our own
 * Authentication-Results verify the From address. A message that failed the checks ("could not verify this
 * sender") or never passed our MX (submission, APPEND: no verdict of ours) is always asked about, so a forged
 * {@code From:} cannot borrow a trusted sender's standing.
 */
@Service
public class RemoteContentPolicy {
    private final TrustedSenders trusted;

    RemoteContentPolicy(TrustedSenders trusted) {
        this.trusted = trusted;
    }

    /** Whether the reader may add this message's sender to the trusted list (a verified From address). */
    static boolean mayTrust(MessageView message) {
        return message.senderVerdict() == SenderVerdict.VERIFIED && !message.fromAddress().isBlank();
    }

    boolean showsRemoteContent(AccountId reader, MessageView message) {
        return mayTrust(message) && trusted.trusts(reader, message.fromAddress());
    }
}
