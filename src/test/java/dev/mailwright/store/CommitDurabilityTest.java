package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The H2 side of {@link CommitDurability}; the crash behaviour itself is proven by {@code CrashDurabilityTest}. */
@Timeout(60)
class CommitDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void onAnH2FileDatabaseCommitsShouldBeWrittenAtCommitAndSyncedInRounds() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        try (Connection keepOpen = dataSource.getConnection()) {
            CommitDurability durability = new CommitDurability(dataSource);
            assertThat(writeDelay(keepOpen)).as("H2 writes inside every commit").isEqualTo(0);
            assertThat(durability.serializesWrites()).as("one write transaction at a time on an H2 file").isTrue();
            durability.awaitDurable();
            durability.awaitDurable();
            assertThat(durability.rounds()).isEqualTo(2);
            durability.destroy();
            try (Statement statement = keepOpen.createStatement()) {
                statement.execute("SHUTDOWN");
            }
        }
    }

    @Test
    void anInMemoryDatabaseShouldNeedNoFlush() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:durability-" + System.nanoTime());
        dataSource.setUser("sa");
        CommitDurability durability = new CommitDurability(dataSource);
        durability.awaitDurable();
        assertThat(durability.rounds()).isZero();
        assertThat(durability.serializesWrites()).isFalse();
        durability.destroy();
    }

    private static int writeDelay(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertThat(rows.next()).isTrue();
            return Integer.parseInt(rows.getString(1));
        }
    }
}
