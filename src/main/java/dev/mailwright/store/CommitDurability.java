package dev.mailwright.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * What a committed store transaction promises before anyone acknowledges it (SMTP 250, IMAP OK): it survives
 * {@code kill -9} at any instant and, as far as fsync allows, power loss. {@link StoreTransactions} calls
 * {@link #awaitDurable} after every outermost write transaction commits, before it returns to the protocol code.
 *
 * <ul>
 * <li><b>H2 file database.</b> H2's MVStore keeps committed changes in memory and writes them from a background
 * thread every {@code WRITE_DELAY} (500 ms): a commit that returned was not on disk, and {@code kill -9} lost
 * it. At start-up this sets {@code WRITE_DELAY 0}: H2 then writes the changed pages to the file inside every
 * commit, before the commit returns (page cache, no fsync: survives {@code kill -9}). {@link #awaitDurable} then
 * fsyncs the database file group-committed: one fsync for every transaction that committed before the round
 * started, however many (power loss). The fsync is ours ({@code FileChannel.force} on a channel of our own: Linux
 * flushes the file, whichever descriptor wrote it), not {@code CHECKPOINT SYNC}, which would also write H2's
 * in-memory pages from this thread while other transactions are half done: see {@link #serializesWrites}.</li>
 * <li><b>PostgreSQL.</b> A commit returns after its WAL record is flushed (the default
 * {@code synchronous_commit = on}, {@code fsync = on}); nothing to add. Start-up warns when either is off.</li>
 * <li><b>In-memory H2</b> (tests): nothing survives a restart anyway; nothing to do.</li>
 * </ul>
 * Blob files are fsynced (file and directory) before the transaction that names them ({@link FilesystemBlobStore});
 * blobs kept in the database are part of that transaction ({@link TieredBlobStore}).
 */
@Component
class CommitDurability implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(CommitDurability.class);

    private final GroupCommit group;
    private final Object channelLock = new Object();
    private final Path databaseFile;
    private final Duration lockTimeout;
    private FileChannel syncChannel;

    CommitDurability(DataSource dataSource) {
        H2File h2 = prepare(dataSource);
        this.databaseFile = h2 == null ? null : h2.file();
        this.lockTimeout = h2 == null ? Duration.ZERO : h2.lockTimeout();
        this.group = h2 != null ? new GroupCommit(this::fsync) : null;
    }

    /** The H2 file database to fsync and its lock timeout, read on the one start-up connection. */
    private record H2File(Path file, Duration lockTimeout) {
    }

    /**
     * Whether write transactions must run one at a time (an H2 file database). H2 2.4 writes its pages to the file
     * map by map while other threads go on changing them, so a write (every commit's, with {@code WRITE_DELAY 0})
     * that overlaps another transaction can store part of that transaction's rows without the undo-log records
     * that would roll them back, or its commit mark without all of its rows: after {@code kill -9}, half a
     * transaction (the crash test caught a message row whose mailbox counters were missing). With one writer at a
     * time, every write of the file happens between whole transactions ({@link SingleWriterTransactionManager}).
     */
    boolean serializesWrites() {
        return group != null;
    }

    /**
     * How long a write may wait for the one before it: H2's own {@code LOCK_TIMEOUT} (10 s in application.yml), the
     * wait for a row lock it replaces, after which the write fails and the client is told to try again.
     */
    Duration writeWait() {
        return lockTimeout;
    }

    /**
     * Returns once every transaction that committed before this call is on stable storage.
     *
     * @throws StoreException.StorageFailure when the flush failed: the change may or may not survive a crash,
     *         so it must not be acknowledged
     */
    void awaitDurable() {
        if (group == null) {
            return;
        }
        try {
            group.await();
        } catch (Exception e) {
            throw new StoreException.StorageFailure("Could not make the commit durable: " + e.getMessage(), e);
        }
    }

    /**
     * The H2 file (and its lock timeout) when commits need a flush of ours, else null; also configures the database
     * and warns about unsafe settings.
     */
    private static H2File prepare(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("h2")) {
                String path = single(statement, "SELECT DATABASE_PATH()");
                if (path == null) {
                    return null;
                }
                statement.execute("SET WRITE_DELAY 0");
                Path file = Path.of(path + ".mv.db");
                if (!Files.isRegularFile(file)) {
                    throw new IllegalStateException("The H2 database file " + file + " is not there");
                }
                String lockTimeout = single(statement, "SELECT LOCK_TIMEOUT()");
                log.info("H2 commits are written before they return, one write transaction at a time, and fsynced "
                        + "(group-committed) before acknowledgement");
                long lockMillis = lockTimeout == null ? 10_000 : Long.parseLong(lockTimeout.trim());
                return new H2File(file, Duration.ofMillis(lockMillis));
            }
            if (product.contains("postgres")) {
                String fsync = single(statement, "SHOW fsync");
                String synchronousCommit = single(statement, "SHOW synchronous_commit");
                if (!"on".equalsIgnoreCase(fsync) || "off".equalsIgnoreCase(synchronousCommit)) {
                    log.warn("PostgreSQL runs with fsync={} synchronous_commit={}: mail acknowledged shortly before a "
                            + "crash of the database server can be lost (both should be on)", fsync, synchronousCommit);
                }
                return null;
            }
            log.warn("Unknown database {}: commits are taken as durable when they return", product);
            return null;
        } catch (SQLException | NumberFormatException e) {
            throw new IllegalStateException("Cannot configure durable commits: " + e.getMessage(), e);
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /**
     * One fsync of the H2 file. Every commit already wrote its pages (WRITE_DELAY 0), so flushing the file's pages to
     * the disk is all that is left; a channel of our own needs no pooled connection (a waiting caller may still hold
     * one, in a write inside a streamed read) and writes nothing.
     */
    private void fsync() throws IOException {
        synchronized (channelLock) {
            try {
                if (syncChannel == null) {
                    syncChannel = FileChannel.open(databaseFile, StandardOpenOption.READ);
                }
                syncChannel.force(true);
            } catch (IOException e) {
                closeSyncChannel();
                throw e;
            }
        }
    }

    private void closeSyncChannel() {
        if (syncChannel != null) {
            try {
                syncChannel.close();
            } catch (IOException e) {
                log.debug("Closing the sync channel failed: {}", e.toString());
            }
            syncChannel = null;
        }
    }

    /** How many fsync rounds ran (for tests: concurrent callers share rounds). */
    long rounds() {
        return group == null ? 0 : group.rounds();
    }

    @Override
    public void destroy() {
        synchronized (channelLock) {
            closeSyncChannel();
        }
    }
}
