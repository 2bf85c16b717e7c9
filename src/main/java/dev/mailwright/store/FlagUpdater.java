package dev.mailwright.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mailwright.store.MailStore.FlagChange;
import dev.mailwright.store.MailStore.FlagUpdate;

/**
 * STORE. System flags and REPLACE change in one SQL {@code UPDATE} per UID chunk whose WHERE clause matches
 * only rows that actually change; adding or removing keywords edits the keyword column row by row. Either way
 * the mailbox row is locked, the MODSEQ bumps once per call, and the unseen counter moves by the exact delta.
 */
@Component
class FlagUpdater {
    private static final Map<SystemFlag, String> COLUMNS = Map.of(SystemFlag.SEEN, "seen", SystemFlag.ANSWERED, "answered",
            SystemFlag.FLAGGED, "flagged", SystemFlag.DELETED, "deleted", SystemFlag.DRAFT, "draft");

    private final StoreTransactions tx;
    private final MailboxRows mailboxes;
    private final MessageRows messages;
    private final AfterCommitEvents events;
    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    FlagUpdater(StoreTransactions tx, MailboxRows mailboxes, MessageRows messages, AfterCommitEvents events,
                JdbcClient jdbc, JdbcTemplate template) {
        this.tx = tx;
        this.mailboxes = mailboxes;
        this.messages = messages;
        this.events = events;
        this.jdbc = jdbc;
        this.template = template;
    }

    FlagUpdate update(AccountId account, MailboxId mailbox, UidSet uids, FlagChange change, Flags flags,
                      Optional<Long> unchangedSince) {
        return tx.write(() -> {
            mailboxes.requireOwned(account.value(), mailbox.value());
            MailboxRows.Locked box = mailboxes.lock(mailbox.value());
            long modseq = box.highestModseq() + 1;
            Set<Long> skipped = new HashSet<>();
            long unseenDelta = 0;
            for (UidSql.Clause range : UidSql.clauses("uid", uids)) {
                Scope scope = new Scope(mailbox.value(), range, unchangedSince);
                unchangedSince.ifPresent(since -> skipped.addAll(jdbc.sql("SELECT uid FROM mailbox_message WHERE mailbox_id = ? AND "
                        + range.sql() + " AND modseq > ?").param(mailbox.value()).params(range.params()).param(since)
                        .query(Long.class).list()));
                boolean keywordEdit = change != FlagChange.REPLACE && !flags.keywords().isEmpty();
                unseenDelta += keywordEdit ? perRow(scope, change, flags, modseq) : inSql(scope, change, flags, modseq);
            }
            List<MessageRef> updated = new ArrayList<>();
            List<Long> changed = new ArrayList<>();
            messages.forEachRef(mailbox.value(), uids, ref -> {
                if (!skipped.contains(ref.uid())) {
                    updated.add(ref);
                    if (ref.modseq() == modseq) {
                        changed.add(ref.uid());
                    }
                }
            });
            if (!changed.isEmpty()) {
                mailboxes.advance(mailbox.value(), box.uidNext(), modseq, 0, unseenDelta, 0);
                events.publish(new MailboxEvent.FlagsChanged(account, mailbox, List.copyOf(changed), modseq));
            }
            return new FlagUpdate(List.copyOf(updated), skipped.stream().sorted().toList());
        });
    }

    /** The rows one statement may touch: a mailbox, a UID chunk, and the UNCHANGEDSINCE bound. */
    private record Scope(long mailboxId, UidSql.Clause range, Optional<Long> unchangedSince) {
        String where() {
            return " WHERE mailbox_id = ? AND " + range.sql() + (unchangedSince.isPresent() ? " AND modseq <= ?" : "");
        }

        List<Object> params() {
            List<Object> p = new ArrayList<>();
            p.add(mailboxId);
            p.addAll(range.params());
            unchangedSince.ifPresent(p::add);
            return p;
        }
    }

    /** One UPDATE that only matches rows whose flags change. Returns the unseen delta. */
    private long inSql(Scope scope, FlagChange change, Flags flags, long modseq) {
        List<String> sets = new ArrayList<>();
        List<String> differs = new ArrayList<>();
        List<Object> setParams = new ArrayList<>();
        List<Object> differParams = new ArrayList<>();
        for (SystemFlag flag : SystemFlag.values()) {
            String column = COLUMNS.get(flag);
            boolean named = flags.has(flag);
            switch (change) {
                case ADD -> {
                    if (named) {
                        sets.add(column + " = TRUE");
                        differs.add(column + " = FALSE");
                    }
                }
                case REMOVE -> {
                    if (named) {
                        sets.add(column + " = FALSE");
                        differs.add(column + " = TRUE");
                    }
                }
                case REPLACE -> {
                    sets.add(column + " = ?");
                    setParams.add(named);
                    differs.add(column + " <> ?");
                    differParams.add(named);
                }
            }
        }
        if (change == FlagChange.REPLACE) {
            String keywords = FlagColumns.keywords(flags);
            sets.add("keywords = ?");
            setParams.add(keywords);
            differs.add("keywords <> ?");
            differParams.add(keywords);
        }
        if (sets.isEmpty()) {
            return 0;
        }
        String changes = " AND (" + String.join(" OR ", differs) + ")";
        long unseenDelta = unseenDelta(scope, change, flags, changes, differParams);
        List<Object> params = new ArrayList<>(setParams);
        params.add(modseq);
        params.addAll(scope.params());
        params.addAll(differParams);
        jdbc.sql("UPDATE mailbox_message SET " + String.join(", ", sets) + ", modseq = ?" + scope.where() + changes)
                .params(params).update();
        return unseenDelta;
    }

    private long unseenDelta(Scope scope, FlagChange change, Flags flags, String changes, List<Object> differParams) {
        boolean seenAfter = switch (change) {
            case ADD, REPLACE -> flags.has(SystemFlag.SEEN);
            case REMOVE -> !flags.has(SystemFlag.SEEN);
        };
        if (change != FlagChange.REPLACE && !flags.has(SystemFlag.SEEN)) {
            return 0;
        }
        List<Object> params = new ArrayList<>(scope.params());
        params.addAll(differParams);
        long flipping = jdbc.sql("SELECT COUNT(*) FROM mailbox_message" + scope.where() + changes + " AND seen = ?")
                .params(params).param(!seenAfter).query(Long.class).single();
        return seenAfter ? -flipping : flipping;
    }

    /** Keyword additions and removals: computed per row, written in one batch. Returns the unseen delta. */
    private long perRow(Scope scope, FlagChange change, Flags flags, long modseq) {
        List<Object[]> batch = new ArrayList<>();
        long[] unseenDelta = {0};
        template.query("SELECT uid, " + FlagColumns.SELECT + " FROM mailbox_message" + scope.where() + " ORDER BY uid", rs -> {
            Flags before = FlagColumns.read(rs);
            Flags after = switch (change) {
                case ADD -> before.with(flags);
                case REMOVE -> before.without(flags);
                case REPLACE -> flags;
            };
            if (!after.equals(before)) {
                unseenDelta[0] += (before.has(SystemFlag.SEEN) ? 0 : -1) + (after.has(SystemFlag.SEEN) ? 0 : 1);
                Object[] f = FlagColumns.params(after);
                batch.add(new Object[] {f[0], f[1], f[2], f[3], f[4], f[5], modseq, scope.mailboxId(), rs.getLong("uid")});
            }
        }, scope.params().toArray());
        if (!batch.isEmpty()) {
            template.batchUpdate("UPDATE mailbox_message SET seen = ?, answered = ?, flagged = ?, deleted = ?, draft = ?,"
                    + " keywords = ?, modseq = ? WHERE mailbox_id = ? AND uid = ?", batch);
        }
        return unseenDelta[0];
    }
}
