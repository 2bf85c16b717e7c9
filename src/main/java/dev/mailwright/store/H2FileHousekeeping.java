package dev.mailwright.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * Keeps the H2 file from growing with every commit (stop 21). H2 writes each commit as a new chunk and reuses a
 * chunk's space only once none of its pages is live; its background thread rewrote the few live pages of such
 * chunks, but {@code WRITE_DELAY 0} ({@link CommitDurability}) stops that thread. Measured: after 20,000 APPENDs of
 * 1 KB the file was 1.2 GB for about 50 MB of live pages (chunk fill rate 9 %). Here, every
 * {@code mailwright.h2-housekeeping.interval}, while the fill rate is below the target, up to {@code rewrite-bytes} of
 * live pages from the emptiest chunks are written again, as a write transaction of its own: it runs between whole
 * transactions (one writer at a time, {@link CommitDurability#serializesWrites}) and its chunk is fsynced like any
 * commit's. The chunks it empties are reused after H2's retention time (45 s), and while the file is mostly free space
 * chunks are moved towards its start and the file is shortened. What stays: a burst of writes grows the file by the
 * chunks written within the retention time (H2 keeps a dead chunk that long in case the file system had not yet
 * written the chunk that replaced it); housekeeping gives that space back afterwards.
 */
@Component
class H2FileHousekeeping implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(H2FileHousekeeping.class);

    /** Bytes of chunks moved per round, in rewrite budgets. */
    private static final int MOVE_BUDGET_FACTOR = 4;

    private final StoreTransactions tx;
    private final DataSource dataSource;
    private final boolean h2File;
    private final MailwrightProperties.H2Housekeeping settings;
    private ScheduledExecutorService scheduler;

    H2FileHousekeeping(StoreTransactions tx, DataSource dataSource, CommitDurability durability, MailwrightProperties properties) {
        this.tx = tx;
        this.dataSource = dataSource;
        this.h2File = durability.serializesWrites();
        this.settings = properties.h2Housekeeping();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!h2File || settings.interval().isZero()) {
            return;
        }
        long millis = settings.interval().toMillis();
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("h2-housekeeping").factory());
        scheduler.scheduleWithFixedDelay(this::runQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void runQuietly() {
        try {
            run();
        } catch (RuntimeException e) {
            log.warn("H2 file housekeeping failed (tried again in {}): {}", settings.interval(), e.toString());
        }
    }

    /**
     * One round: rewrites live pages of the emptiest chunks while the chunks' fill rate is below the target, then, while
     * the file's is, moves chunks into the free space nearer its start and shortens it (what H2 does for at most
     * 200 ms at close); whether it rewrote pages or shortened the file. Nothing on a database other than an H2 file.
     */
    boolean run() {
        int target = settings.targetFillRate();
        if (!h2File || !belowTarget(target)) {
            // the usual answer on a quiet server: no writer's turn and no fsync round spent on finding that out
            return false;
        }
        int bytes = (int) settings.rewriteBytes().toBytes();
        return tx.write(() -> {
            long started = System.nanoTime();
            MVStore store = mvStore(DataSourceUtils.getConnection(dataSource));
            long sizeBefore = store.getFileStore().size();
            boolean rewritten = store.compact(target, bytes);
            if (rewritten) {
                store.commit();   // writes the rewritten pages now, inside the writer's turn
            }
            boolean shortened = false;
            if (store.getFileStore() instanceof RandomAccessStore file && file.getFillRate() < target) {
                long size = file.size();
                // the newest chunks, at the file's end, are the largest: a move budget of a few rewrites reaches them
                file.compactMoveChunks(target, MOVE_BUDGET_FACTOR * (long) bytes, store);
                shortened = file.size() < size;
            }
            if (rewritten || shortened) {
                log.debug("H2 housekeeping: pages rewritten {}, file {} -> {} bytes, chunks {} % live, in {} ms", rewritten,
                        sizeBefore, store.getFileStore().size(), store.getFileStore().getChunksFillRate(),
                        (System.nanoTime() - started) / 1_000_000);
            }
            return rewritten || shortened;
        });
    }

    /** Whether the chunks' or the file's fill rate is below {@code target}, read without taking the writer's turn. */
    private boolean belowTarget(int target) {
        return tx.read(() -> {
            FileStore<?> file = mvStore(DataSourceUtils.getConnection(dataSource)).getFileStore();
            return file.getChunksFillRate() < target || file.getFillRate() < target;
        });
    }

    /** The chunks' fill rate: the percentage of their space that is live (tests). */
    int fillRate() {
        return tx.read(() -> mvStore(DataSourceUtils.getConnection(dataSource)).getFileStore().getChunksFillRate());
    }

    private static MVStore mvStore(Connection connection) {
        try {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            return session.getDatabase().getStore().getMvStore();
        } catch (SQLException e) {
            throw new StoreException.StorageFailure("Not an embedded H2 connection: " + e.getMessage(), e);
        }
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
