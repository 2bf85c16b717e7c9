package dev.mailwright.web.mailbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.inbound.spam.JunkReports;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailStore.FlagChange;
import dev.mailwright.store.MailboxId;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.SpecialUse;
import dev.mailwright.store.StoreException;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;
import dev.mailwright.web.Folders;
import dev.mailwright.web.Notice;

/**
 * Applies a {@link MessageAction} through the store, so IMAP sessions see the same change. Delete moves
 * to Trash; in Trash it marks \Deleted and expunges exactly those messages (UID EXPUNGE semantics). Moves into
 * or out of Junk are the user's spam judgement and go to {@link JunkReports} ($Junk / $NotJunk, rspamd learning).
 * The store is called for at most {@code mailwright.webmail-moving.bulk-batch-size} messages at a time, so "all
 * messages in this folder" is a series of short transactions. Moves are reported to the caller, who may offer to
 * take them back ({@link RecentMoves}); notices name folders as the folder list does ({@link Folders#labelOf}).
 */
@Service
class MailboxActions {
    private final MailStore store;
    private final JunkReports junkReports;
    private final Folders folders;
    private final int batchSize;
    private final int maxBulkMessages;

    MailboxActions(MailStore store, JunkReports junkReports, Folders folders, MailwrightProperties properties) {
        this.store = store;
        this.junkReports = junkReports;
        this.folders = folders;
        this.batchSize = properties.webmailMoving().bulkBatchSize();
        this.maxBulkMessages = properties.webmailMoving().maxBulkMessages();
    }

    /** "All N in this folder": the UIDs of the folder now, the newest {@code max-bulk-messages} when there are more. */
    record Everything(List<Long> uids, boolean capped) {
    }

    Everything everything(MailboxInfo mailbox) {
        long[] all = store.selection(mailbox.id()).uids();
        int from = Math.max(0, all.length - maxBulkMessages);
        return new Everything(java.util.Arrays.stream(all, from, all.length).boxed().toList(), from > 0);
    }

    /** Added to the notice when "all" met the cap. */
    Notice cappedNote() {
        return Notice.of("moving.capped", maxBulkMessages);
    }

    /** A move that happened: {@code targetUids} are the messages' UIDs in {@code target} now. */
    record Moved(MailboxId source, MailboxId target, long targetUidValidity, List<Long> targetUids) {
    }

    /** Returns a short confirmation for the page; a move that happened is also handed to {@code moved}. */
    Notice apply(AccountId account, MailboxInfo mailbox, List<Long> uidList, MessageAction action, Optional<String> target,
                 Consumer<Moved> moved) {
        if (uidList.isEmpty()) {
            return Notice.of("mailbox.done.noneSelected");
        }
        List<UidSet> uids = batches(uidList);
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
                    yield Notice.of("moving.already", folders.labelOf(to));
                }
                yield Notice.of("moving.moved", move(account, mailbox, uids, to, moved), folders.labelOf(to));
            }
            case JUNK -> moveToSpecial(account, mailbox, uids, SpecialUse.JUNK, moved);
            case NOT_JUNK -> {
                MailboxInfo inbox = store.mailbox(account, "INBOX").orElseThrow(() -> new StoreException.MailboxNotFound("INBOX"));
                if (inbox.id().equals(mailbox.id())) {
                    yield Notice.of("mailbox.done.alreadyInInbox");
                }
                move(account, mailbox, uids, inbox, m -> { });
                yield Notice.of("mailbox.done.notJunk", n);
            }
            case DELETE -> {
                if (mailbox.specialUse().filter(SpecialUse.TRASH::equals).isPresent()) {
                    int gone = 0;
                    for (UidSet batch : uids) {
                        store.updateFlags(account, mailbox.id(), batch, FlagChange.ADD, Flags.of(SystemFlag.DELETED), Optional.empty());
                        gone += store.expunge(account, mailbox.id(), Optional.of(batch)).size();
                    }
                    yield Notice.of("mailbox.done.deletedForGood", gone);
                }
                yield moveToSpecial(account, mailbox, uids, SpecialUse.TRASH, moved);
            }
        };
    }

    /**
     * Takes a move back: the messages now at {@code targetUids} in the move's target go back to its source (with new
     * UIDs there, as any IMAP move). Messages moved or deleted since are skipped. Returns how many went back.
     */
    int moveBack(AccountId account, Moved move, MailboxInfo source) {
        MailboxInfo target = store.mailbox(account, move.target()).filter(t -> t.uidValidity() == move.targetUidValidity())
                .orElseThrow(() -> new StoreException.MailboxNotFound(String.valueOf(move.target().value())));
        return move(account, target, batches(move.targetUids()), source, m -> { });
    }

    private Notice flags(AccountId account, MailboxInfo mailbox, List<UidSet> uids, FlagChange change, SystemFlag flag, Notice done) {
        for (UidSet batch : uids) {
            store.updateFlags(account, mailbox.id(), batch, change, Flags.of(flag), Optional.empty());
        }
        return done;
    }

    private Notice moveToSpecial(AccountId account, MailboxInfo mailbox, List<UidSet> uids, SpecialUse use, Consumer<Moved> moved) {
        MailboxInfo to = store.mailbox(account, use)
                .orElseThrow(() -> new StoreException.MailboxNotFound(use.defaultName()));
        if (to.id().equals(mailbox.id())) {
            return Notice.of("moving.already", folders.labelOf(to));
        }
        return Notice.of("moving.moved", move(account, mailbox, uids, to, moved), folders.labelOf(to));
    }

    /** Moves batch by batch; returns how many messages moved. */
    private int move(AccountId account, MailboxInfo from, List<UidSet> uids, MailboxInfo to, Consumer<Moved> moved) {
        List<Long> targetUids = new ArrayList<>();
        long uidValidity = 0;
        try {
            for (UidSet batch : uids) {
                MailStore.Copied copied = store.move(account, from.id(), batch, to.name());
                junkReports.filed(account, from.id(), copied);
                targetUids.addAll(copied.targetUids());
                uidValidity = copied.targetUidValidity();
            }
        } finally {   // batches done before a failure stay done, and can be taken back
            if (!targetUids.isEmpty()) {
                moved.accept(new Moved(from.id(), to.id(), uidValidity, List.copyOf(targetUids)));
            }
        }
        return targetUids.size();
    }

    private List<UidSet> batches(List<Long> uids) {
        List<UidSet> batches = new ArrayList<>();
        for (int i = 0; i < uids.size(); i += batchSize) {
            batches.add(UidSet.of(uids.subList(i, Math.min(uids.size(), i + batchSize))));
        }
        return batches;
    }
}
