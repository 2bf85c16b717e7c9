package dev.mailwright.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.mailwright.store.MailStore.FlagChange;
import dev.mailwright.store.MailStore.FlagUpdate;

/**
 * STORE. Under the mailbox row lock (every MODSEQ change holds it, so the rows cannot move underneath), the
 * selected rows are read once; which of them change, their new flags, the UNCHANGEDSINCE refusals and the
 * unseen delta are decided from that read. Then exactly the changed rows are written: one set-based
 * {@code UPDATE} per chunk of UID ranges when every changed row gets the same column values (system flags,
 * REPLACE), a batch of per-row updates when keywords are added or removed. The MODSEQ bumps once per call.
 */
@Component
class FlagUpdater {
    private static final Map<SystemFlag, String> COLUMNS = Map.of(SystemFlag.SEEN, "seen", SystemFlag.ANSWERED, "answered",
            SystemFlag.FLAGGED, "flagged", SystemFlag.DELETED, "deleted", SystemFlag.DRAFT, "draft");

    private final WriteBatches batches;
    private final MailboxRows mailboxes;
    private final MessageRows messages;
    private final AfterCommitEvents events;
    private final JdbcTemplate template;
    private final AccessControl access;
    private PrivateSeen privateSeen;

    @org.springframework.beans.factory.annotation.Autowired
    void setPrivateSeen(PrivateSeen privateSeen) {
        this.privateSeen = privateSeen;
    }

    FlagUpdater(WriteBatches batches, MailboxRows mailboxes, MessageRows messages, AfterCommitEvents events,
                JdbcTemplate template, AccessControl access) {
        this.access = access;
        this.batches = batches;
        this.mailboxes = mailboxes;
        this.messages = messages;
        this.events = events;
        this.template = template;
    }

    /** One selected row: as read, and as it will be after the call. */
    private record Change(MessageRef before, Flags after) {
    }

    FlagUpdate update(AccountId account, MailboxId mailbox, UidSet uids, FlagChange change, Flags flags,
                      Optional<Long> unchangedSince) {
        return batches.write(() -> {
            FlagPermission permission = FlagPermission.of(access.requireOn(account.value(), mailbox.value(), Right.READ));
            if (permission.none()) {
                throw new StoreException.PermissionDenied(Right.WRITE);
            }
            MailboxRows.Locked box = mailboxes.lock(mailbox.value());
            AccountId owner = new AccountId(box.accountId());
            long modseq = box.highestModseq() + 1;
            List<MessageRef> updated = new ArrayList<>();
            List<Long> skipped = new ArrayList<>();
            List<Change> changes = new ArrayList<>();
            // someone else's mailbox: the caller's \Seen is its own (PrivateSeen); the other flags are the row's
            boolean own = box.accountId() == account.value();
            Map<Long, PrivateSeen.Mark> marks = own ? Map.of() : privateSeen.marks(account.value(), mailbox.value(), uids);
            Map<Long, Boolean> seenWrites = new java.util.LinkedHashMap<>();
            messages.forEachRef(mailbox.value(), uids, stored -> {
                MessageRef ref = own ? stored : PrivateSeen.apply(stored, marks);
                if (unchangedSince.isPresent() && ref.modseq() > unchangedSince.get()) {
                    skipped.add(ref.uid());   // RFC 7162 §3.2: modified since the client's UNCHANGEDSINCE
                    return;
                }
                Flags after = switch (change) {
                    case ADD -> ref.flags().with(flags);
                    case REMOVE -> ref.flags().without(flags);
                    case REPLACE -> flags;
                };
                after = permission.merge(ref.flags(), after);   // what the caller may not change stays
                if (own && differs(ref.flags(), after, change)) {
                    changes.add(new Change(ref, after));
                    updated.add(new MessageRef(ref.uid(), modseq, after));
                } else if (!own && differs(ref.flags(), after, change)) {
                    boolean seenAfter = after.has(SystemFlag.SEEN);
                    if (seenAfter != ref.flags().has(SystemFlag.SEEN)) {
                        seenWrites.put(ref.uid(), seenAfter);
                    }
                    Flags shared = PrivateSeen.withSeen(after, stored.flags().has(SystemFlag.SEEN));
                    if (differs(stored.flags(), shared, change)) {
                        changes.add(new Change(stored, shared));
                    }
                    updated.add(seenWrites.containsKey(ref.uid()) || differs(stored.flags(), shared, change)
                            ? new MessageRef(ref.uid(), modseq, after) : ref);
                } else {
                    updated.add(ref);
                }
            });
            if (!seenWrites.isEmpty()) {
                privateSeen.write(account.value(), mailbox.value(), seenWrites, modseq);
            }
            if (!changes.isEmpty() || !seenWrites.isEmpty()) {
                boolean keywordEdit = change != FlagChange.REPLACE && !flags.keywords().isEmpty();
                if (changes.isEmpty()) {
                    // only the caller's own \Seen changed: the rows keep their MODSEQ, the mailbox's advances
                } else if (keywordEdit || !permission.all() || !own) {
                    writeRowByRow(mailbox.value(), changes, modseq);
                } else {
                    writeSetBased(mailbox.value(), changes, change, flags, modseq);
                }
                long unseenDelta = 0;
                for (Change c : changes) {
                    unseenDelta += (c.before().flags().has(SystemFlag.SEEN) ? 0 : -1) + (c.after().has(SystemFlag.SEEN) ? 0 : 1);
                }
                mailboxes.advance(mailbox.value(), box.uidNext(), modseq, 0, unseenDelta, 0);
                java.util.TreeSet<Long> touched = new java.util.TreeSet<>(seenWrites.keySet());
                changes.forEach(c -> touched.add(c.before().uid()));
                events.publish(new MailboxEvent.FlagsChanged(owner, mailbox, List.copyOf(touched), modseq));
            }
            return new FlagUpdate(List.copyOf(updated), List.copyOf(skipped), changes.stream().map(Change::before).toList());
        });
    }

    /** REPLACE compares the stored keyword text as the column holds it; ADD and REMOVE compare flag sets. */
    private static boolean differs(Flags before, Flags after, FlagChange change) {
        return switch (change) {
            case ADD, REMOVE -> !after.equals(before);
            case REPLACE -> !after.system().equals(before.system())
                    || !FlagColumns.keywords(after).equals(FlagColumns.keywords(before));
        };
    }

    /** Every changed row gets the same column values: one UPDATE per chunk of the changed rows' UID ranges. */
    private void writeSetBased(long mailboxId, List<Change> changes, FlagChange change, Flags flags, long modseq) {
        List<String> sets = new ArrayList<>();
        List<Object> setParams = new ArrayList<>();
        for (SystemFlag flag : SystemFlag.values()) {
            String column = COLUMNS.get(flag);
            boolean named = flags.has(flag);
            switch (change) {
                case ADD -> {
                    if (named) {
                        sets.add(column + " = TRUE");
                    }
                }
                case REMOVE -> {
                    if (named) {
                        sets.add(column + " = FALSE");
                    }
                }
                case REPLACE -> {
                    sets.add(column + " = ?");
                    setParams.add(named);
                }
            }
        }
        if (change == FlagChange.REPLACE) {
            sets.add("keywords = ?");
            setParams.add(FlagColumns.keywords(flags));
        }
        sets.add("modseq = ?");
        setParams.add(modseq);
        UidSet changed = UidSet.of(changes.stream().map(c -> c.before().uid()).toList());
        for (UidSql.Clause clause : UidSql.clauses("uid", changed)) {
            List<Object> params = new ArrayList<>(setParams);
            params.add(mailboxId);
            params.addAll(clause.params());
            template.update("UPDATE mailbox_message SET " + String.join(", ", sets) + " WHERE mailbox_id = ? AND "
                    + clause.sql(), params.toArray());
        }
    }

    /** Keyword additions and removals: each changed row its own values, written in one batch. */
    private void writeRowByRow(long mailboxId, List<Change> changes, long modseq) {
        List<Object[]> batch = new ArrayList<>(changes.size());
        for (Change c : changes) {
            Object[] f = FlagColumns.params(c.after());
            batch.add(new Object[] {f[0], f[1], f[2], f[3], f[4], f[5], modseq, mailboxId, c.before().uid()});
        }
        template.batchUpdate("UPDATE mailbox_message SET seen = ?, answered = ?, flagged = ?, deleted = ?, draft = ?,"
                + " keywords = ?, modseq = ? WHERE mailbox_id = ? AND uid = ?", batch);
    }
}
