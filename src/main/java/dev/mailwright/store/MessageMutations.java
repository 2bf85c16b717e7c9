package dev.mailwright.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.mailwright.store.MailStore.Copied;
import dev.mailwright.store.MessageRows.Placed;

/**
 * COPY, MOVE and EXPUNGE (STORE is {@link FlagUpdater}). Each is one transaction holding the row locks of the mailboxes involved,
 * taken in ascending id order; every call bumps a mailbox's MODSEQ once and keeps its counters exact.
 */
@Component
class MessageMutations {
    private final StoreTransactions tx;
    private final WriteBatches batches;
    private final MailboxRows mailboxes;
    private final MessageRows messages;
    private final AfterCommitEvents events;
    private final QuotaGuard quotas;
    private final AccessControl access;
    private PrivateSeen privateSeen;

    @org.springframework.beans.factory.annotation.Autowired
    void setPrivateSeen(PrivateSeen privateSeen) {
        this.privateSeen = privateSeen;
    }

    MessageMutations(StoreTransactions tx, WriteBatches batches, MailboxRows mailboxes, MessageRows messages,
                     AfterCommitEvents events, QuotaGuard quotas, AccessControl access) {
        this.batches = batches;
        this.access = access;
        this.quotas = quotas;
        this.tx = tx;
        this.mailboxes = mailboxes;
        this.messages = messages;
        this.events = events;
    }

    enum Transfer { COPY, MOVE }

    Copied transfer(AccountId account, MailboxId source, UidSet uids, String targetName, Transfer mode) {
        String name = MailboxNames.normalize(targetName);
        return batches.write(() -> {
            // RFC 4314 §4: r on the source (t and e too for MOVE, RFC 6851 §3.3), i on the target
            if (mode == Transfer.COPY) {
                access.requireOn(account.value(), source.value(), Right.READ);
            } else {
                access.requireOn(account.value(), source.value(), Right.READ, Right.DELETE_MESSAGES, Right.EXPUNGE);
            }
            AccessControl.Target targetAccess = access.require(account.value(), name, Right.INSERT);
            long target = targetAccess.mailboxId();
            long sourceOwner = access.ownerOf(source.value());
            boolean crossAccount = sourceOwner != targetAccess.ownerId();
            if (mode == Transfer.COPY || crossAccount) {
                // before the mailbox locks (QuotaGuard); a concurrent expunge can only make the estimate generous
                List<Placed> copies = messages.placements(source.value(), uids);
                quotas.reserve(targetAccess.ownerId(), copies.size(), copies.stream().mapToLong(Placed::size).sum());
            }
            long first = Math.min(source.value(), target);
            long second = Math.max(source.value(), target);
            MailboxRows.Locked a = mailboxes.lock(first);
            MailboxRows.Locked b = first == second ? a : mailboxes.lock(second);
            MailboxRows.Locked targetBox = target == a.id() ? a : b;

            List<Placed> placed = messages.placements(source.value(), uids);
            // the copies: flags the caller may not set on the target dropped, message rows of another account duplicated;
            // \Seen as the caller had it, and kept as the caller's own in someone else's mailbox (PrivateSeen)
            FlagPermission permission = FlagPermission.of(targetAccess.rights());
            boolean readsOwnSeen = sourceOwner == account.value();
            boolean writesOwnSeen = targetAccess.ownerId() == account.value();
            java.util.Map<Long, PrivateSeen.Mark> sourceMarks = readsOwnSeen || placed.isEmpty() ? java.util.Map.of()
                    : privateSeen.marks(account.value(), source.value(), UidSet.of(placed.stream().map(Placed::uid).toList()));
            java.util.Map<Long, Boolean> targetSeen = new java.util.LinkedHashMap<>();
            List<Placed> copies = new ArrayList<>(placed.size());
            for (Placed p : placed) {
                long messageId = crossAccount ? messages.duplicateMessage(p.messageId(), targetAccess.ownerId()) : p.messageId();
                Flags asRead = readsOwnSeen ? p.flags() : PrivateSeen.withSeen(p.flags(), PrivateSeen.seen(sourceMarks.get(p.uid())));
                Flags flags = permission.restrict(asRead);
                if (!writesOwnSeen && flags.has(SystemFlag.SEEN)) {
                    targetSeen.put(targetBox.uidNext() + copies.size(), true);
                    flags = PrivateSeen.withSeen(flags, false);
                }
                copies.add(new Placed(p.uid(), messageId, p.modseq(), flags, p.internalDate(), p.size()));
            }
            List<Long> sourceUids = new ArrayList<>(placed.size());
            List<Long> targetUids = new ArrayList<>(placed.size());
            if (placed.isEmpty()) {
                return new Copied(new MailboxId(target), targetBox.uidValidity(), List.of(), List.of());
            }
            long uid = targetBox.uidNext();
            long modseq = targetBox.highestModseq() + 1;
            long unseen = 0;
            long size = 0;
            messages.insertCopies(target, uid, modseq, copies);
            privateSeen.write(account.value(), target, targetSeen, modseq);
            for (Placed p : copies) {
                sourceUids.add(p.uid());
                targetUids.add(uid++);
                unseen += p.flags().has(SystemFlag.SEEN) ? 0 : 1;
                size += p.size();
            }
            mailboxes.advance(target, uid, modseq, placed.size(), unseen, size);
            events.publish(new MailboxEvent.MessagesAdded(new AccountId(targetAccess.ownerId()), new MailboxId(target),
                    List.copyOf(targetUids), modseq));
            if (mode == Transfer.MOVE) {
                // a MOVE into the same mailbox re-reads the locked row: its uid_next and modseq just advanced
                MailboxRows.Locked sourceBox = source.value() == target ? mailboxes.lock(target)
                        : (source.value() == a.id() ? a : b);
                remove(account, sourceBox, placed);
            }
            return new Copied(new MailboxId(target), targetBox.uidValidity(), List.copyOf(sourceUids), List.copyOf(targetUids));
        });
    }

    List<Long> expunge(AccountId account, MailboxId mailbox, Optional<UidSet> uids) {
        // one read finds what is marked \Deleted, checking the EXPUNGE right as always: for most EXPUNGEs and CLOSEs
        // nothing, and no write transaction is spent. The write then reads those rows alone, by key, instead of
        // scanning the mailbox a second time. A message marked after the read is expunged by the next EXPUNGE, as it
        // would be had it been marked after this one's transaction; one unmarked or expunged since is left alone.
        List<Long> marked = tx.readStatement(() -> {
            access.requireOn(account.value(), mailbox.value(), Right.EXPUNGE);
            return messages.deletedUids(mailbox.value(), uids.orElse(UidSet.ALL));
        });
        if (marked.isEmpty()) {
            return List.of();
        }
        return batches.write(() -> {
            access.requireOn(account.value(), mailbox.value(), Right.EXPUNGE);
            MailboxRows.Locked box = mailboxes.lock(mailbox.value());
            List<Placed> deleted = messages.deletedPlacements(mailbox.value(), UidSet.of(marked));
            remove(account, box, deleted);
            return deleted.stream().map(Placed::uid).toList();
        });
    }

    long claimRecent(MailboxId mailbox) {
        // most SELECTs find nothing new to claim: then the answer is uid_next, as the write would have left it, and
        // no write transaction is spent (each one rewrites the mailbox row's pages on H2)
        return tx.readStatement(() -> mailboxes.recentUidIfAllClaimed(mailbox.value())).orElseGet(() -> claim(mailbox));
    }

    private long claim(MailboxId mailbox) {
        return batches.write(() -> {
            MailboxRows.Locked box = mailboxes.lock(mailbox.value());
            mailboxes.setRecentUid(mailbox.value(), box.uidNext());
            return box.recentUid();
        });
    }

    /** Removes placements from a locked mailbox: tombstones, counters, one MODSEQ, orphaned message rows. */
    private void remove(AccountId account, MailboxRows.Locked box, List<Placed> placed) {
        if (placed.isEmpty()) {
            return;
        }
        long modseq = box.highestModseq() + 1;
        long unseen = 0;
        long size = 0;
        for (Placed p : placed) {
            unseen += p.flags().has(SystemFlag.SEEN) ? 0 : 1;
            size += p.size();
        }
        messages.removePlacements(box.id(), modseq, placed);
        mailboxes.advance(box.id(), box.uidNext(), modseq, -placed.size(), -unseen, -size);
        List<Long> removed = placed.stream().map(Placed::uid).toList();
        events.publish(new MailboxEvent.MessagesExpunged(new AccountId(box.accountId()), new MailboxId(box.id()), removed, modseq));
    }
}
