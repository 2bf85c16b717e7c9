package dev.mailwright.imap.processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.mailwright.imap.command.MailboxCommand.StatusItem;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.session.SessionContext.Extension;
import dev.mailwright.imap.session.SessionContext.Revision;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.SystemFlag;

/** The values of one mailbox's STATUS response, for STATUS and for LIST ... RETURN (STATUS ...) (RFC 5819). */
final class MailboxStatuses {
    private final MailStore store;

    MailboxStatuses(MailStore store) {
        this.store = store;
    }

    ImapResponse.MailboxStatus status(MailboxInfo info, List<StatusItem> items, ImapState state, SessionContext ctx)
            throws IOException {
        if (ctx.revision() == Revision.REV2 && items.contains(StatusItem.RECENT)) {
            throw ImapException.bad("STATUS RECENT is not part of IMAP4rev2");   // RFC 9051 Appendix E
        }
        List<ImapResponse.StatusValue> values = new ArrayList<>();
        for (StatusItem item : items) {
            long value = switch (item) {
                case MESSAGES -> info.messages();
                case RECENT -> recentOf(state, info);
                case UIDNEXT -> info.uidNext();
                case UIDVALIDITY -> info.uidValidity();
                case UNSEEN -> info.unseen();
                case HIGHESTMODSEQ -> Math.max(1, info.highestModseq());
                case SIZE -> info.sizeBytes();
                case DELETED -> deletedOf(info);
            };
            values.add(new ImapResponse.StatusValue(item.name(), value));
            if (item == StatusItem.HIGHESTMODSEQ) {
                CondStoreEnabling.enable(state, ctx);
            }
        }
        return new ImapResponse.MailboxStatus(info.name(), values);
    }

    /** Counted over the mailbox's flag rows, only when a client asks; the store keeps no counter for it. */
    private long deletedOf(MailboxInfo info) {
        long[] deleted = {0};
        store.forEachMessage(info.id(), ref -> {
            if (ref.flags().has(SystemFlag.DELETED)) {
                deleted[0]++;
            }
        });
        return deleted[0];
    }

    /**
     * The session that selected a mailbox holds its \Recent messages; for any other mailbox, the messages no
     * session has claimed yet are the ones a SELECT would show as recent. STATUS itself never claims them.
     */
    private long recentOf(ImapState state, MailboxInfo info) {
        if (state instanceof ImapState.Selected s && s.mailbox().id().equals(info.id())) {
            return s.mailbox().recentCount();
        }
        return store.unclaimedRecent(info.id());
    }
}
