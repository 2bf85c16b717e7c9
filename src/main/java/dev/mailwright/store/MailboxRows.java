package dev.mailwright.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * JDBC access to the {@code mailbox} table. Callers run inside a store transaction. {@link #lock} takes a mailbox's
 * row lock (so does {@link #allocateOne}, and on PostgreSQL {@link #ALLOCATE_ONE_POSTGRES} inside the statement that
 * places a new message); UID/MODSEQ allocation happens while it is held.
 */
@Component
class MailboxRows {
    private static final String INFO = """
            SELECT mb.id, mb.account_id, mb.name, mb.uidvalidity, mb.uid_next, mb.highest_modseq, mb.message_count,
                   mb.unseen_count, mb.size_bytes, mb.special_use,
                   (SELECT COUNT(*) FROM subscription s WHERE s.account_id = mb.account_id AND s.name = mb.name) AS subs
            FROM mailbox mb
            """;

    private final JdbcClient jdbc;
    /**
     * Mailbox id → owner: asked by every command that names a mailbox by id (the access check), and fixed for the
     * mailbox's life (ids are not reused). Kept for the look-up cache's TTL; this node's deletions apply at once,
     * another node's within the TTL, during which the former owner's commands on the deleted id find no rows.
     */
    private final RecentLookups<Long, Optional<Long>> owners;

    /**
     * Account → its INBOX's id, asked by every delivery. Fixed for the account's life: INBOX cannot be deleted, and
     * RENAME INBOX moves its messages, not the row (RFC 3501 §6.3.5); ids are never reused. Only found ids are kept.
     */
    private final RecentLookups<Long, Optional<Long>> inboxes;

    MailboxRows(JdbcClient jdbc, MailwrightProperties properties) {
        this.jdbc = jdbc;
        this.inboxes = new RecentLookups<>(properties.lookupCache().ttl(), properties.lookupCache().maxEntries());
        this.owners = new RecentLookups<>(properties.lookupCache().ttl(), properties.lookupCache().maxEntries());
    }

    /** A mailbox row read under its lock. */
    record Locked(long id, long accountId, String name, long uidValidity, long uidNext, long highestModseq,
                  long recentUid) {
    }

    Locked lock(long mailboxId) {
        return jdbc.sql("""
                        SELECT id, account_id, name, uidvalidity, uid_next, highest_modseq, recent_uid
                        FROM mailbox WHERE id = ? FOR UPDATE""")
                .param(mailboxId)
                .query((rs, n) -> new Locked(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7)))
                .optional()
                .orElseThrow(() -> new StoreException.MailboxNotFound("#" + mailboxId));
    }

    /**
     * The UID and MODSEQ given to one new message, and the mailbox's UIDVALIDITY and \\Recent mark as they stand under
     * the lock the allocation took (it changes neither).
     */
    record Allocated(long uid, long modseq, long uidValidity, long recentUid) {
    }

    /**
     * Takes the mailbox's lock (if not held yet) and gives one new message its UID and MODSEQ, counting it in the
     * counters: {@link #lock} then {@link #advance}. PostgreSQL's placement does the same inside its own statement
     * ({@link #ALLOCATE_ONE_POSTGRES}, MessageRows).
     */
    Allocated allocateOne(long mailboxId, boolean unseen, long size) {
        Locked box = lock(mailboxId);
        long modseq = box.highestModseq() + 1;
        advance(mailboxId, box.uidNext() + 1, modseq, 1, unseen ? 1 : 0, size);
        return new Allocated(box.uidNext(), modseq, box.uidValidity(), box.recentUid());
    }

    /**
     * PostgreSQL, the first part of the statement that places a new message: locks the mailbox row and advances its
     * counters for the message; parameters: 1 when the message is unseen (else 0), its size, the mailbox. Returns the
     * mailbox's {@code id}, the message's {@code uid} and {@code modseq}, the mailbox's {@code uidvalidity} and
     * {@code recent_uid}.
     */
    static final String ALLOCATE_ONE_POSTGRES = """
            UPDATE mailbox SET uid_next = uid_next + 1, highest_modseq = highest_modseq + 1,
                   message_count = message_count + 1, unseen_count = unseen_count + ?, size_bytes = size_bytes + ?
            WHERE id = ? RETURNING id, uid_next - 1 AS uid, highest_modseq AS modseq, uidvalidity, recent_uid""";

    /** Stores the new counters of a locked mailbox; deltas may be negative. */
    void advance(long mailboxId, long uidNext, long highestModseq, long deltaMessages, long deltaUnseen, long deltaSize) {
        jdbc.sql("""
                        UPDATE mailbox SET uid_next = ?, highest_modseq = ?, message_count = message_count + ?,
                               unseen_count = unseen_count + ?, size_bytes = size_bytes + ?
                        WHERE id = ?""")
                .params(uidNext, highestModseq, deltaMessages, deltaUnseen, deltaSize, mailboxId)
                .update();
    }

    /** recent_uid when it equals uid_next (every message has been claimed as \\Recent), else empty. */
    Optional<Long> recentUidIfAllClaimed(long mailboxId) {
        return jdbc.sql("SELECT recent_uid FROM mailbox WHERE id = ? AND recent_uid = uid_next").param(mailboxId)
                .query(Long.class).optional();
    }

    void setRecentUid(long mailboxId, long recentUid) {
        jdbc.sql("UPDATE mailbox SET recent_uid = ? WHERE id = ?").params(recentUid, mailboxId).update();
    }

    Optional<Long> inboxId(long accountId) {
        return inboxes.get(accountId, () -> findId(accountId, MailboxNames.INBOX), Optional::isPresent);
    }

    Optional<Long> findId(long accountId, String normalizedName) {
        return jdbc.sql("SELECT id FROM mailbox WHERE account_id = ? AND name = ?")
                .params(accountId, normalizedName).query(Long.class).optional();
    }

    Optional<Long> ownerOf(long mailboxId) {
        // only owners are kept: an id not there yet may be a mailbox created a moment later
        return owners.get(mailboxId,
                () -> jdbc.sql("SELECT account_id FROM mailbox WHERE id = ?").param(mailboxId).query(Long.class).optional(),
                Optional::isPresent);
    }

    long require(long accountId, String normalizedName) {
        return findId(accountId, normalizedName).orElseThrow(() -> new StoreException.MailboxNotFound(normalizedName));
    }

    /** Checks that the mailbox exists and belongs to the account. */
    void requireOwned(long accountId, long mailboxId) {
        long count = jdbc.sql("SELECT COUNT(*) FROM mailbox WHERE id = ? AND account_id = ?")
                .params(mailboxId, accountId).query(Long.class).single();
        if (count == 0) {
            throw new StoreException.MailboxNotFound("#" + mailboxId);
        }
    }

    List<String> namesUnder(long accountId, String normalizedName) {
        return jdbc.sql("SELECT name FROM mailbox WHERE account_id = ? AND name LIKE ? ESCAPE '!' ORDER BY name")
                .params(accountId, likePrefix(normalizedName + MailboxNames.DELIMITER))
                .query(String.class).list();
    }

    Optional<MailboxInfo> info(long accountId, String normalizedName) {
        return jdbc.sql(INFO + " WHERE mb.account_id = ? AND mb.name = ?").params(accountId, normalizedName)
                .query(MailboxRows::mapInfo).optional();
    }

    Optional<MailboxInfo> info(long accountId, long mailboxId) {
        return jdbc.sql(INFO + " WHERE mb.account_id = ? AND mb.id = ?").params(accountId, mailboxId)
                .query(MailboxRows::mapInfo).optional();
    }

    Optional<MailboxInfo> info(long accountId, SpecialUse use) {
        return jdbc.sql(INFO + " WHERE mb.account_id = ? AND mb.special_use = ? ORDER BY mb.id")
                .params(accountId, use.name()).query(MailboxRows::mapInfo).list().stream().findFirst();
    }

    List<MailboxInfo> all(long accountId) {
        return jdbc.sql(INFO + " WHERE mb.account_id = ? ORDER BY mb.name").param(accountId)
                .query(MailboxRows::mapInfo).list();
    }

    /** Inserts an empty mailbox after any of its ancestors that do not exist yet (as plain mailboxes). */
    long insertWithParents(long accountId, String normalizedName, Optional<SpecialUse> use) {
        return insertWithParents(accountId, normalizedName, use, (id, name) -> { });
    }

    /** Like {@link #insertWithParents(long, String, Optional)}, telling {@code created} of each mailbox it inserts. */
    long insertWithParents(long accountId, String normalizedName, Optional<SpecialUse> use,
                           java.util.function.BiConsumer<Long, String> created) {
        for (String parent : MailboxNames.ancestors(normalizedName)) {
            if (findId(accountId, parent).isEmpty()) {
                created.accept(insert(accountId, parent, Optional.empty()), parent);
            }
        }
        long id = insert(accountId, normalizedName, use);
        created.accept(id, normalizedName);
        return id;
    }

    /** Inserts an empty mailbox with a fresh UIDVALIDITY. */
    long insert(long accountId, String normalizedName, Optional<SpecialUse> use) {
        long uidValidity = nextUidValidity();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO mailbox (account_id, name, uidvalidity, uid_next, highest_modseq, recent_uid,
                                             message_count, unseen_count, size_bytes, special_use)
                        VALUES (?, ?, ?, 1, 1, 1, 0, 0, 0, ?)""")
                .params(accountId, normalizedName, uidValidity, use.map(Enum::name).orElse(null))
                .update(key, "id");
        return key.getKeyAs(Long.class);
    }

    void rename(long mailboxId, String newName) {
        jdbc.sql("UPDATE mailbox SET name = ? WHERE id = ?").params(newName, mailboxId).update();
    }

    void delete(long mailboxId) {
        jdbc.sql("DELETE FROM mailbox WHERE id = ?").param(mailboxId).update();
        AfterCommit.run(() -> owners.forget(mailboxId));
    }

    /**
     * Epoch seconds, but always above every value handed out before (a re-created mailbox never reuses an
     * old UIDVALIDITY, RFC 3501 §2.3.1.1). The single counter row serialises mailbox creation.
     */
    private long nextUidValidity() {
        long now = Instant.now().getEpochSecond();
        jdbc.sql("UPDATE uidvalidity_counter SET last_value = CASE WHEN last_value + 1 > ? THEN last_value + 1 ELSE ? END WHERE id = 1")
                .params(now, now).update();
        return jdbc.sql("SELECT last_value FROM uidvalidity_counter WHERE id = 1").query(Long.class).single();
    }

    static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    private static MailboxInfo mapInfo(ResultSet rs, int row) throws SQLException {
        String use = rs.getString("special_use");
        return new MailboxInfo(new MailboxId(rs.getLong("id")), new AccountId(rs.getLong("account_id")),
                rs.getString("name"), rs.getLong("uidvalidity"), rs.getLong("uid_next"), rs.getLong("highest_modseq"),
                rs.getLong("message_count"), rs.getLong("unseen_count"), rs.getLong("size_bytes"),
                Optional.ofNullable(use).map(SpecialUse::valueOf), rs.getLong("subs") > 0);
    }
}
