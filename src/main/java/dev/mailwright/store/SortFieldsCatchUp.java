package dev.mailwright.store;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mailwright.store.ingest.SortFields;

/**
 * Fills the V11 sort keys of messages stored before V11 (SQL cannot extract an RFC 5256 base subject): after start,
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
                    log.info("Sort keys computed for {} messages stored before V11", filled);
                }
            } catch (RuntimeException e) {
                log.warn("Sort keys catch-up stopped; SORT computes the missing keys per request until the next start", e);
            }
        });
    }

    /** Fills every row that has no keys yet; returns how many. */
    long run() {
        long after = Long.MIN_VALUE;
        long filled = 0;
        while (true) {
            long from = after;
            record Pending(long id, String subject, String envelope) {
            }
            List<Pending> batch = tx.read(() -> jdbc.sql("SELECT id, subject, envelope FROM message"
                            + " WHERE id > ? AND sort_base_subject IS NULL ORDER BY id FETCH FIRST " + BATCH + " ROWS ONLY")
                    .param(from)
                    .query((rs, n) -> new Pending(rs.getLong("id"), rs.getString("subject"), rs.getString("envelope")))
                    .list());
            if (batch.isEmpty()) {
                return filled;
            }
            List<Long> ids = new ArrayList<>(batch.size());
            List<SortFields> fields = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                ids.add(p.id());
                fields.add(SortFields.of(p.subject(), p.envelope()));
            }
            tx.write(() -> {
                rows.writeAll(ids, fields);
                return null;
            });
            filled += batch.size();
            after = batch.getLast().id();
        }
    }
}
