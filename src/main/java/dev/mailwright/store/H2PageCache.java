package dev.mailwright.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * The size of H2's page cache: the B-tree pages it keeps decoded in the heap (stop 33). H2 2.4 keeps 16 MB whatever
 * the heap; a 5,000-message mailbox's message rows already outgrow it, so every envelope FETCH read its pages from
 * the file again and decoded them (half of the FETCH's samples; with 64 or 128 MB the warm envelope FETCH took 27 ms
 * instead of 65). More is not better: H2 also caches every page it writes, so a cache of 750 MB filled with page
 * versions no one reads again and the other steps got slower (the collector's work). {@code
 * mailwright.storage.h2-page-cache}, by default a sixteenth of the maximum heap within 16 .. 128 MB, is set at every
 * start ({@code SET CACHE_SIZE}, which H2 also records in the file). Nothing for PostgreSQL, whose buffers are its
 * own, or for an in-memory H2, whose pages are all in the heap anyway.
 */
@Component
class H2PageCache {
    private static final Logger log = LoggerFactory.getLogger(H2PageCache.class);
    static final long AUTO_MIN_BYTES = 16L << 20;
    static final long AUTO_MAX_BYTES = 128L << 20;

    H2PageCache(DataSource dataSource, CommitDurability durability, MailwrightProperties properties) {
        if (!durability.serializesWrites()) {
            return;   // not an H2 file database
        }
        long bytes = bytes(properties.storage().h2PageCache().toBytes(), Runtime.getRuntime().maxMemory());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET CACHE_SIZE " + Math.max(1, bytes >> 10));   // in KB
            log.info("H2 page cache: {} MB", bytes >> 20);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot size H2's page cache: " + e.getMessage(), e);
        }
    }

    /** The configured size, or for 0 a sixteenth of {@code maxHeap} within {@link #AUTO_MIN_BYTES} .. {@link #AUTO_MAX_BYTES}. */
    static long bytes(long configured, long maxHeap) {
        if (configured > 0) {
            return configured;
        }
        return Math.clamp(maxHeap / 16, AUTO_MIN_BYTES, AUTO_MAX_BYTES);
    }
}
