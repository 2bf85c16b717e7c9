package dev.mailwright.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@link OutboundQueue} on the {@code outbound_queue} table. */
@Component
class JdbcOutboundQueue implements OutboundQueue {
    private static final String COLUMNS = "id, blob_hash, sender, recipient, created_at, next_attempt_at, attempts, last_error";
    private static final int MAX_ERROR = 2000;

    private final JdbcClient jdbc;
    private final StoreTransactions tx;
    private final Clock clock;
    private final boolean skipLocked;

    @Autowired
    JdbcOutboundQueue(JdbcClient jdbc, StoreTransactions tx, DataSource dataSource) {
        this(jdbc, tx, Clock.systemUTC(), DatabaseProduct.isPostgres(dataSource));   // PostgreSQL: FOR UPDATE SKIP LOCKED
    }

    JdbcOutboundQueue(JdbcClient jdbc, StoreTransactions tx, Clock clock, boolean skipLocked) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.skipLocked = skipLocked;
    }

    @Override
    public List<Entry> claimDue(int limit, Duration lease) {
        Instant now = clock.instant();
        Instant leaseEnd = now.plus(lease);
        return tx.write(() -> skipLocked ? claimSkippingLocked(limit, now, leaseEnd) : claimByCompareAndSet(limit, now, leaseEnd));
    }

    /** PostgreSQL: rows another node is claiming right now are skipped, not waited for. */
    private List<Entry> claimSkippingLocked(int limit, Instant now, Instant leaseEnd) {
        List<Entry> due = jdbc.sql("SELECT " + COLUMNS + " FROM outbound_queue WHERE next_attempt_at <= ? "
                        + "ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED")
                .params(MessageRows.timestamp(now), limit).query(JdbcOutboundQueue::entry).list();
        List<Entry> claimed = new ArrayList<>(due.size());
        for (Entry e : due) {
            jdbc.sql("UPDATE outbound_queue SET next_attempt_at = ?, attempts = attempts + 1, status = 'SENDING' WHERE id = ?")
                    .params(MessageRows.timestamp(leaseEnd), e.id()).update();
            claimed.add(claimedCopy(e, leaseEnd));
        }
        return claimed;
    }

    /** Portable: a row is ours only if nobody changed its attempt counter since we read it. */
    private List<Entry> claimByCompareAndSet(int limit, Instant now, Instant leaseEnd) {
        List<Entry> due = jdbc.sql("SELECT " + COLUMNS + " FROM outbound_queue WHERE next_attempt_at <= ? "
                        + "ORDER BY next_attempt_at, id LIMIT ?")
                .params(MessageRows.timestamp(now), limit).query(JdbcOutboundQueue::entry).list();
        List<Entry> claimed = new ArrayList<>(due.size());
        for (Entry e : due) {
            int won = jdbc.sql("UPDATE outbound_queue SET next_attempt_at = ?, attempts = attempts + 1, status = 'SENDING' "
                            + "WHERE id = ? AND attempts = ? AND next_attempt_at <= ?")
                    .params(MessageRows.timestamp(leaseEnd), e.id(), e.attempts(), MessageRows.timestamp(now)).update();
            if (won == 1) {
                claimed.add(claimedCopy(e, leaseEnd));
            }
        }
        return claimed;
    }

    private static Entry claimedCopy(Entry e, Instant leaseEnd) {
        return new Entry(e.id(), e.blobHash(), e.sender(), e.recipient(), e.createdAt(), leaseEnd, e.attempts() + 1, e.lastError());
    }

    @Override
    public void complete(Entry claimed) {
        tx.write(() -> jdbc.sql("DELETE FROM outbound_queue WHERE id = ? AND attempts = ?")
                .params(claimed.id(), claimed.attempts()).update());
    }

    @Override
    public void retryAt(Entry claimed, Instant next, String error) {
        tx.write(() -> jdbc.sql("UPDATE outbound_queue SET next_attempt_at = ?, last_error = ?, status = 'QUEUED' "
                        + "WHERE id = ? AND attempts = ?")
                .params(MessageRows.timestamp(next), truncate(error), claimed.id(), claimed.attempts()).update());
    }

    @Override
    public List<Entry> entries() {
        return tx.read(() -> jdbc.sql("SELECT " + COLUMNS + " FROM outbound_queue ORDER BY created_at, id")
                .query(JdbcOutboundQueue::entry).list());
    }

    @Override
    public Optional<Entry> entry(long id) {
        return tx.read(() -> jdbc.sql("SELECT " + COLUMNS + " FROM outbound_queue WHERE id = ?").params(id)
                .query(JdbcOutboundQueue::entry).optional());
    }

    @Override
    public void retryNow(long id) {
        tx.write(() -> jdbc.sql("UPDATE outbound_queue SET next_attempt_at = ? WHERE id = ? AND status = 'QUEUED'")
                .params(MessageRows.timestamp(clock.instant()), id).update());
    }

    @Override
    public void delete(long id) {
        tx.write(() -> jdbc.sql("DELETE FROM outbound_queue WHERE id = ?").params(id).update());
    }

    @Override
    public long size() {
        return tx.read(() -> jdbc.sql("SELECT COUNT(*) FROM outbound_queue").query(Long.class).single());
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getString("blob_hash"), rs.getString("sender"), rs.getString("recipient"),
                MessageRows.instant(rs, "created_at"), MessageRows.instant(rs, "next_attempt_at"), rs.getInt("attempts"),
                Optional.ofNullable(rs.getString("last_error")));
    }

    private static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }
}
