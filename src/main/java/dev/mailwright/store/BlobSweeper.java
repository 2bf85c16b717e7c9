package dev.mailwright.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * Deletes blobs that no message and no outbound queue entry references any more (after EXPUNGE, DELETE, a
 * delivered queue entry, or a transaction that failed after its blob write) once they have been unused for
 * {@code mailwright.storage.blob-grace-period}. Runs every {@code blob-sweep-interval} on its own thread.
 */
@Component
class BlobSweeper implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(BlobSweeper.class);

    private final BlobStore blobs;
    private final StoreTransactions tx;
    private final JdbcClient jdbc;
    private final Duration grace;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    BlobSweeper(BlobStore blobs, StoreTransactions tx, JdbcClient jdbc, MailwrightProperties properties) {
        this.blobs = blobs;
        this.tx = tx;
        this.jdbc = jdbc;
        this.grace = properties.storage().blobGracePeriod();
        this.interval = properties.storage().blobSweepInterval();
    }

    /** Sweeps blobs unused since {@code cutoff}; returns how many were deleted. */
    int sweep(Instant cutoff) throws IOException {
        int[] deleted = {0};
        blobs.forEachUnusedSince(cutoff, hash -> {
            try {
                if (blobs.deleteIfUnused(hash, cutoff, this::referenced)) {
                    deleted[0]++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return deleted[0];
    }

    private boolean referenced(String hash) {
        return tx.read(() -> jdbc.sql("""
                        SELECT COUNT(*) FROM (SELECT 1 AS x FROM message WHERE blob_hash = ?
                                              UNION ALL SELECT 1 AS x FROM outbound_queue WHERE blob_hash = ?) refs""")
                .params(hash, hash).query(Long.class).single() > 0);
    }

    private void sweepNow() {
        try {
            int deleted = sweep(Instant.now().minus(grace));
            if (deleted > 0) {
                log.info("Deleted {} unreferenced blobs", deleted);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Blob sweep failed; will retry in {}", interval, e);
        }
    }

    @Override
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative() || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("blob-sweeper").factory());
        scheduler.scheduleWithFixedDelay(this::sweepNow, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
