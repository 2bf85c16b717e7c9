package dev.mailwright.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * runs {@code CHECKPOINT SYNC} ({@code FileChannel.force}) group-committed: one fsync for every transaction
 * that committed before the round started, however many (power loss).</li>
 * <li><b>PostgreSQL.</b> A commit returns after its WAL record is flushed (the default
 * {@code synchronous_commit = on}, {@code fsync = on}); nothing to add. Start-up warns when either is off.</li>
 * <li><b>In-memory H2</b> (tests): nothing survives a restart anyway; nothing to do.</li>
 * </ul>
 * Blobs are fsynced (file and directory) before the transaction that names them ({@link FilesystemBlobStore}).
 */
@Component
class CommitDurability implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(CommitDurability.class);

    private final DataSource dataSource;
    private final GroupCommit group;
    private final Object connectionLock = new Object();
    private Connection syncConnection;

    CommitDurability(DataSource dataSource) {
        this.dataSource = dataSource;
        this.group = prepare(dataSource) ? new GroupCommit(this::checkpointSync) : null;
        if (group != null) {
            try {
                syncConnection = dataSource.getConnection();   // now, while the pool has room
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot open the connection for durable commits: " + e.getMessage(), e);
            }
        }
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

    /** Whether commits need a flush of ours; also configures the database and warns about unsafe settings. */
    private static boolean prepare(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("h2")) {
                String path = single(statement, "SELECT DATABASE_PATH()");
                if (path == null) {
                    return false;
                }
                statement.execute("SET WRITE_DELAY 0");
                log.info("H2 commits are written before they return and fsynced (group-committed) before acknowledgement");
                return true;
            }
            if (product.contains("postgres")) {
                String fsync = single(statement, "SHOW fsync");
                String synchronousCommit = single(statement, "SHOW synchronous_commit");
                if (!"on".equalsIgnoreCase(fsync) || "off".equalsIgnoreCase(synchronousCommit)) {
                    log.warn("PostgreSQL runs with fsync={} synchronous_commit={}: mail acknowledged shortly before a "
                            + "crash of the database server can be lost (both should be on)", fsync, synchronousCommit);
                }
                return false;
            }
            log.warn("Unknown database {}: commits are taken as durable when they return", product);
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot configure durable commits: " + e.getMessage(), e);
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /**
     * One fsync of the H2 file, on a connection of its own: a waiting caller may still hold a pooled connection
     * (a write inside a streamed read), so the round must never need one from the pool.
     */
    private void checkpointSync() throws SQLException {
        synchronized (connectionLock) {
            try {
                if (syncConnection == null) {
                    syncConnection = dataSource.getConnection();   // only after a failure: rare, may wait for the pool
                }
                try (Statement statement = syncConnection.createStatement()) {
                    statement.execute("CHECKPOINT SYNC");
                }
            } catch (SQLException e) {
                closeSyncConnection();
                throw e;
            }
        }
    }

    private void closeSyncConnection() {
        if (syncConnection != null) {
            try {
                syncConnection.close();
            } catch (SQLException e) {
                log.debug("Closing the sync connection failed: {}", e.toString());
            }
            syncConnection = null;
        }
    }

    /** How many fsync rounds ran (for tests: concurrent callers share rounds). */
    long rounds() {
        return group == null ? 0 : group.rounds();
    }

    @Override
    public void destroy() {
        synchronized (connectionLock) {
            closeSyncConnection();
        }
    }
}
