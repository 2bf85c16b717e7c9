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
import dev.mailwright.web.Notice;

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
    Notice apply(AccountId account, MailboxInfo mailbox, List<Long> uidList, MessageAction action, Optional<String> target) {
        if (uidList.isEmpty()) {
            return Notice.of("mailbox.done.noneSelected");
        }
        UidSet uids = UidSet.of(uidList);
        int n = uidList.size();
        return switch (action) {
            case READ -> flags(account, mailbox, uids, FlagChange.ADD, SystemFlag.SEEN, Notice.of("mailbox.done.read", n));
            case UNREAD -> flags(account, mailbox, uids, FlagChange.REMOVE, SystemFlag.SEEN, Notice.of("mailbox.done.unread", n));
            case FLAG -> flags(account, mailbox, uids, FlagChange.ADD, SystemFlag.FLAGGED, Notice.of("mailbox.done.flagged", n));
            case UNFLAG -> flags(account, mailbox, uids, FlagChange.REMOVE, SystemFlag.FLAGGED, Notice.of("mailbox.done.unflagged", n));
            case UNDELETE -> flags(account, mailbox, uids, FlagChange.REMOVE, SystemFlag.DELETED, Notice.of("mailbox.done.restored", n));
            case MOVE -> {
                if (target.filter(t -> !t.isBlank()).isEmpty()) {
                    yield Notice.of("mailbox.done.chooseFolder");
                }
                String name = target.get();

                MailboxInfo to = store.mailbox(account, name).orElseThrow(() -> new StoreException.MailboxNotFound(name));
                if (to.id().equals(mailbox.id())) {
                    yield Notice.of("mailbox.done.alreadyIn", name);
                }
                junkReports.filed(account, mailbox.id(), store.move(account, mailbox.id(), uids, to.name()));
                yield Notice.of("mailbox.done.moved", n, to.name());
            }
            case JUNK -> moveToSpecial(account, mailbox, uids, SpecialUse.JUNK, Notice.of("mailbox.done.movedToJunk", n));
            case NOT_JUNK -> {
                MailboxInfo inbox = store.mailbox(account, "INBOX").orElseThrow(() -> new StoreException.MailboxNotFound("INBOX"));
                if (inbox.id().equals(mailbox.id())) {
                    yield Notice.of("mailbox.done.alreadyInInbox");
                }
                junkReports.filed(account, mailbox.id(), store.move(account, mailbox.id(), uids, inbox.name()));
                yield Notice.of("mailbox.done.notJunk", n);
            }
            case DELETE -> {
                if (mailbox.specialUse().filter(SpecialUse.TRASH::equals).isPresent()) {
                    store.updateFlags(account, mailbox.id(), uids, FlagChange.ADD, Flags.of(SystemFlag.DELETED), Optional.empty());
                    List<Long> gone = store.expunge(account, mailbox.id(), Optional.of(uids));
                    yield Notice.of("mailbox.done.deletedForGood", gone.size());
                }
                yield moveToSpecial(account, mailbox, uids, SpecialUse.TRASH, Notice.of("mailbox.done.movedToTrash", n));
            }
        };
    }

    private Notice flags(AccountId account, MailboxInfo mailbox, UidSet uids, FlagChange change, SystemFlag flag, Notice done) {
        store.updateFlags(account, mailbox.id(), uids, change, Flags.of(flag), Optional.empty());
        return done;
    }

    private Notice moveToSpecial(AccountId account, MailboxInfo mailbox, UidSet uids, SpecialUse use, Notice done) {
        MailboxInfo to = store.mailbox(account, use)
                .orElseThrow(() -> new StoreException.MailboxNotFound(use.defaultName()));
        if (to.id().equals(mailbox.id())) {
            return Notice.of("mailbox.done.alreadyIn", to.name());
        }
        junkReports.filed(account, mailbox.id(), store.move(account, mailbox.id(), uids, to.name()));
        return done;
    }
}
