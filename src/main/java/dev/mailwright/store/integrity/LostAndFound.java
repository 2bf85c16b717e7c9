package dev.mailwright.store.integrity;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Moves rows the store cannot serve (a second row with a UID already in use, a message whose bytes are gone) out of
 * the way into the account's {@value #NAME} mailbox, created on demand: the original mailbox works again and nothing
 * is deleted. A moved row gets the next UID there and an {@code expunged} tombstone where it was (QRESYNC clients see
 * it go). Callers run inside a transaction; counters are recomputed by the check afterwards.
 */
final class LostAndFound {
    static final String NAME = "lost+found";

    private final JdbcClient jdbc;
    private final Dialect dialect;

    LostAndFound(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    long mailboxOf(long accountId) {
        Optional<Long> existing = jdbc.sql("SELECT id FROM mailbox WHERE account_id = ? AND name = ?")
                .params(accountId, NAME).query(Long.class).optional();
        if (existing.isPresent()) {
            return existing.get();
        }
        long uidValidity = IntegrityCheck.nextUidValidity(jdbc);
        jdbc.sql("""
                        INSERT INTO mailbox (account_id, name, uidvalidity, uid_next, highest_modseq, recent_uid,
                                             message_count, unseen_count, size_bytes, special_use)
                        VALUES (?, ?, ?, 1, 1, 1, 0, 0, 0, NULL)""")
                .params(accountId, NAME, uidValidity).update();
        return jdbc.sql("SELECT id FROM mailbox WHERE account_id = ? AND name = ?").params(accountId, NAME)
                .query(Long.class).single();
    }

    boolean isLostAndFound(long mailboxId) {
        return jdbc.sql("SELECT COUNT(*) FROM mailbox WHERE id = ? AND name = ?").params(mailboxId, NAME)
                .query(Long.class).single() > 0;
    }

    /**
     * Moves one row (by its physical key when {@code rowKey} is given: two rows may share the UID) from
     * {@code source} into {@code target}. Returns its new UID.
     */
    long move(long source, long uid, Optional<String> rowKey, long target) {
        long[] to = lock(target);
        long[] from = lock(source);
        long highestThere = jdbc.sql("SELECT COALESCE(MAX(uid), 0) FROM mailbox_message" + dialect.tableScanHint()
                + " WHERE mailbox_id = ?").param(target).query(Long.class).single();
        long newUid = Math.max(to[0], highestThere + 1);
        long targetModseq = to[1] + 1;
        String where = "mailbox_id = ? AND uid = ?" + rowKey.map(k -> " AND " + dialect.rowKeyEquals()).orElse("");
        if (rowKey.isEmpty()) {
            // other readers' private \Seen of the placement (V28) does not follow it into the owner's Lost+Found
            forgetPrivateSeen(source, uid);
        }
        JdbcClient.StatementSpec update = jdbc.sql("UPDATE mailbox_message SET mailbox_id = ?, uid = ?, modseq = ? WHERE " + where)
                .params(target, newUid, targetModseq, source, uid);
        if (rowKey.isPresent()) {
            update = update.param(rowKey.get());
        }
        if (update.update() != 1) {
            throw new IllegalStateException("row " + source + "/" + uid + " changed during the check");
        }
        jdbc.sql("UPDATE mailbox SET uid_next = ?, highest_modseq = ? WHERE id = ?").params(newUid + 1, targetModseq, target).update();
        long sourceModseq = from[1] + 1;
        jdbc.sql("UPDATE mailbox SET highest_modseq = ? WHERE id = ?").params(sourceModseq, source).update();
        boolean uidStillThere = jdbc.sql("SELECT COUNT(*) FROM mailbox_message WHERE mailbox_id = ? AND uid = ?")
                .params(source, uid).query(Long.class).single() > 0;
        if (!uidStillThere) {
            forgetPrivateSeen(source, uid);
            jdbc.sql("DELETE FROM expunged WHERE mailbox_id = ? AND uid = ?").params(source, uid).update();
            jdbc.sql("INSERT INTO expunged (mailbox_id, uid, modseq) VALUES (?, ?, ?)").params(source, uid, sourceModseq).update();
        }
        return newUid;
    }

    private void forgetPrivateSeen(long mailbox, long uid) {
        jdbc.sql("DELETE FROM mailbox_seen WHERE mailbox_id = ? AND uid = ?").params(mailbox, uid).update();
    }

    /** {uid_next, highest_modseq} of a mailbox, locked. */
    private long[] lock(long mailboxId) {
        return jdbc.sql("SELECT uid_next, highest_modseq FROM mailbox WHERE id = ? FOR UPDATE").param(mailboxId)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }
}
