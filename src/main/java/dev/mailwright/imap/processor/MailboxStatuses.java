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
import dev.mailwright.store.ObjectIds;
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
            String value = switch (item) {
                case MESSAGES -> Long.toString(info.messages());
                case RECENT -> Long.toString(recentOf(state, info));
                case UIDNEXT -> Long.toString(info.uidNext());
                case UIDVALIDITY -> Long.toString(info.uidValidity());
                case UNSEEN -> Long.toString(info.unseen());
                case HIGHESTMODSEQ -> Long.toString(Math.max(1, info.highestModseq()));
                case SIZE -> Long.toString(info.sizeBytes());
                case MAILBOXID -> "(" + ObjectIds.mailbox(info.id()) + ")";
                case DELETED -> Long.toString(deletedOf(info));
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
