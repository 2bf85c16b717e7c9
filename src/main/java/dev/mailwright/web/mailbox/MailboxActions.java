package dev.mailwright.web.mailbox;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import dev.mailwright.inbound.spam.JunkReports;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailStore.FlagChange;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.SpecialUse;
import dev.mailwright.store.StoreException;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;

/**
 * Applies a {@link MessageAction} through the store, so IMAP sessions see the same change. Delete moves
 * to Trash; in Trash it marks \Deleted and expunges exactly those messages (UID EXPUNGE semantics). Moves into
 * or out of Junk are the user's spam judgement and go to {@link JunkReports} ($Junk / $NotJunk, rspamd learning).
 */
@Service
class MailboxActions {
    private final MailStore store;
    private final JunkReports junkReports;

    MailboxActions(MailStore store, JunkReports junkReports) {
        this.store = store;
        this.junkReports = junkReports;
    }

    /** Returns a short confirmation for the page. */
    String apply(AccountId account, MailboxInfo mailbox, List<Long> uidList, MessageAction action, Optional<String> target) {
        if (uidList.isEmpty()) {
            return "Select at least one message.";
        }
        UidSet uids = UidSet.of(uidList);
        int n = uidList.size();
        return switch (action) {
            case READ -> flags(account, mailbox, uids, FlagChange.ADD, SystemFlag.SEEN, n + " marked read.");
            case UNREAD -> flags(account, mailbox, uids, FlagChange.REMOVE, SystemFlag.SEEN, n + " marked unread.");
            case FLAG -> flags(account, mailbox, uids, FlagChange.ADD, SystemFlag.FLAGGED, n + " flagged.");
            case UNFLAG -> flags(account, mailbox, uids, FlagChange.REMOVE, SystemFlag.FLAGGED, n + " unflagged.");
            case UNDELETE -> flags(account, mailbox, uids, FlagChange.REMOVE, SystemFlag.DELETED, n + " restored.");
            case MOVE -> {
                String name = target.filter(t -> !t.isBlank()).orElseThrow(() -> new IllegalArgumentException("Choose a folder."));
                MailboxInfo to = store.mailbox(account, name).orElseThrow(() -> new StoreException.MailboxNotFound(name));
                if (to.id().equals(mailbox.id())) {
                    yield "Already in " + name + ".";
                }
                junkReports.filed(account, mailbox.id(), store.move(account, mailbox.id(), uids, to.name()));
                yield n + " moved to " + to.name() + ".";
            }
            case JUNK -> moveToSpecial(account, mailbox, uids, SpecialUse.JUNK, n + " moved to Junk.");
            case NOT_JUNK -> {
                MailboxInfo inbox = store.mailbox(account, "INBOX").orElseThrow(() -> new StoreException.MailboxNotFound("INBOX"));
                if (inbox.id().equals(mailbox.id())) {
                    yield "Already in the inbox.";
                }
                junkReports.filed(account, mailbox.id(), store.move(account, mailbox.id(), uids, inbox.name()));
                yield n + " moved to the inbox as not junk.";
            }
            case DELETE -> {
                if (mailbox.specialUse().filter(SpecialUse.TRASH::equals).isPresent()) {
                    store.updateFlags(account, mailbox.id(), uids, FlagChange.ADD, Flags.of(SystemFlag.DELETED), Optional.empty());
                    List<Long> gone = store.expunge(account, mailbox.id(), Optional.of(uids));
                    yield gone.size() + " deleted for good.";
                }
                yield moveToSpecial(account, mailbox, uids, SpecialUse.TRASH, n + " moved to Trash.");
            }
        };
    }

    private String flags(AccountId account, MailboxInfo mailbox, UidSet uids, FlagChange change, SystemFlag flag, String done) {
        store.updateFlags(account, mailbox.id(), uids, change, Flags.of(flag), Optional.empty());
        return done;
    }

    private String moveToSpecial(AccountId account, MailboxInfo mailbox, UidSet uids, SpecialUse use, String done) {
        MailboxInfo to = store.mailbox(account, use)
                .orElseThrow(() -> new StoreException.MailboxNotFound(use.defaultName()));
        if (to.id().equals(mailbox.id())) {
            return "Already in " + to.name() + ".";
        }
        junkReports.filed(account, mailbox.id(), store.move(account, mailbox.id(), uids, to.name()));
        return done;
    }
}
