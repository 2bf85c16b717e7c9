package dev.mailwright.inbound;

import java.util.List;
import java.util.Optional;

import dev.mailwright.store.MailStore;

/** What the MX does with a received message. */
public sealed interface InboundVerdict {

    /**
     * Store it in {@code folder} after applying {@code rewrite} (our {@code Authentication-Results:} and any other
     * fields on top, spoofed results of ours removed). {@code reasons}: why it goes to Junk, empty for the INBOX.
     * {@code spamScore}: how spammy the checks found it (Sieve's spamtest), empty when no checks ran.
     */
    record Accept(MailStore.Folder folder, HeaderRewrite rewrite, List<String> reasons, Optional<SpamScore> spamScore)
            implements InboundVerdict {
        public Accept {
            reasons = List.copyOf(reasons);
        }

        public Accept(MailStore.Folder folder, HeaderRewrite rewrite, List<String> reasons) {
            this(folder, rewrite, reasons, Optional.empty());
        }
    }

    /** Refuse for good: a 5xx reply at the end of DATA, nothing stored. {@code text} is shown to the sender. */
    record Reject(int code, String enhancedStatus, String text) implements InboundVerdict {
    }

    /** Refuse for now: a 4xx reply; the sender's server tries again later. */
    record Defer(int code, String enhancedStatus, String text) implements InboundVerdict {
    }
}
