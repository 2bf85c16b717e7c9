package dev.mailwright.store;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Computes the SORT and THREAD keys (V29 {@code message_keys}) of messages stored before V29 (SQL cannot extract an
 * RFC 5256 base subject): after start,
 * on a virtual thread of its own, in batches of {@link #BATCH} rows walked by id, one short write transaction per
 * batch. Rows are independent, so a crash half-way just leaves the rest for the next start; SORT computes a row's
 * keys on the fly until it is filled ({@link SortRows}).
 */
@Component
class SortFieldsCatchUp {
    static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(SortFieldsCatchUp.class);

    private final StoreTransactions tx;
    private final JdbcClient jdbc;
    private final SortRows rows;

    SortFieldsCatchUp(StoreTransactions tx, JdbcClient jdbc, SortRows rows) {
        this.tx = tx;
        this.jdbc = jdbc;
        this.rows = rows;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startAfterReady() {
        Thread.ofVirtual().name("sort-keys-catch-up").start(() -> {
            try {
                long filled = run();
                if (filled > 0) {
                    log.info("Sort and thread keys computed for {} messages stored before V29", filled);
                }
            } catch (RuntimeException e) {
                log.warn("Sort keys catch-up stopped; SORT computes the missing keys per request until the next start", e);
            }
        });
    }

    /** Gives every message without a keys row one; returns how many. */
    long run() {
        // every keys row has its message (ON DELETE CASCADE): equal counts mean nothing is missing, and the
        // wide message rows are not walked at every start
        if (tx.read(() -> count("message_keys") == count("message"))) {
            return 0;
        }
        long after = Long.MIN_VALUE;
        long filled = 0;
        while (true) {
            long from = after;
            record Pending(long id, SortRows.Keys keys) {
            }
            List<Pending> batch = tx.read(() -> jdbc.sql("SELECT " + SortRows.SOURCE_COLUMNS + " FROM message m"
                            + " WHERE id > ? AND NOT EXISTS (SELECT 1 FROM message_keys k WHERE k.message_id = m.id)"
                            + " ORDER BY id FETCH FIRST " + BATCH + " ROWS ONLY")
                    .param(from)
                    .query((rs, n) -> new Pending(rs.getLong("id"), SortRows.Keys.of(rs)))
                    .list());
            if (batch.isEmpty()) {
                return filled;
            }
            tx.write(() -> {
                rows.writeMissing(batch.stream().map(Pending::id).toList(), batch.stream().map(Pending::keys).toList());
                return null;
            });
            filled += batch.size();
            after = batch.getLast().id();
        }
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }
}
