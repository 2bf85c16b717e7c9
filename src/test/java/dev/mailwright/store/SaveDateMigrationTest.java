package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * V14 on a database that already holds mail: a placement stored before it gets its internal date as save date, and
 * one inserted afterwards without naming the column gets the database's current time. On H2 and (when configured) on
 * PostgreSQL, in a schema of its own that is dropped afterwards. No Spring context; a few seconds.
 */
class SaveDateMigrationTest {
    private static final String INTERNAL = "2019-05-06T07:08:09Z";

    @Test
    void v14ShouldBackfillInternalDatesAndDefaultNewRowsOnH2() throws Exception {
        Path dir = Files.createTempDirectory("mailwright-v14-");
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_DELAY=-1";
        check(url, "sa", "", "PUBLIC");
    }

    @Test
    @EnabledIfEnvironmentVariable(named = StoreTestSupport.POSTGRES_URL, matches = ".+")
    void v14ShouldBackfillInternalDatesAndDefaultNewRowsOnPostgres() throws Exception {
        TestPostgres.inOwnSchema("v14_check_", SaveDateMigrationTest::check);
    }

    private static void check(String url, String user, String password, String schema) throws Exception {
        Flyway.configure().dataSource(url, user, password).schemas(schema).target("10").load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("SET SCHEMA " + (schema.equals("PUBLIC") ? "PUBLIC" : "'" + schema + "'"));
            s.execute("INSERT INTO account (id, address, address_lower, password_hash, admin, enabled, created_at)"
                    + " VALUES (1, 'a@example.test', 'a@example.test', 'x', FALSE, TRUE, CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO mailbox (id, account_id, name, uidvalidity, uid_next, highest_modseq, recent_uid,"
                    + " message_count, unseen_count, size_bytes) VALUES (1, 1, 'INBOX', 1, 3, 1, 0, 1, 1, 10)");
            s.execute("INSERT INTO message (id, account_id, blob_hash, size_bytes, envelope, body_structure, body, part_tree,"
                    + " subject, from_address, preview, has_attachments, references_ids, thread_key, search_text)"
                    + " VALUES (1, 1, 'h', 10, 'e', 'b', 'b', 't', 's', 'f', 'p', FALSE, '', 'k', 's')");
            s.execute(placement(1));
        }
        Flyway.configure().dataSource(url, user, password).schemas(schema).load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("SET SCHEMA " + (schema.equals("PUBLIC") ? "PUBLIC" : "'" + schema + "'"));
            OffsetDateTime before = OffsetDateTime.now().minusMinutes(1);
            s.execute(placement(2));
            try (ResultSet rs = s.executeQuery("SELECT uid, save_date FROM mailbox_message ORDER BY uid")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject("save_date", OffsetDateTime.class).toInstant()).isEqualTo(INTERNAL);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject("save_date", OffsetDateTime.class)).isAfter(before);
            }
        }
    }

    /** A placement as stored before V14, naming no save date (UID 1: with the sort texts it had before V30). */
    private static String placement(long uid) {
        boolean beforeV30 = uid == 1;
        return "INSERT INTO mailbox_message (mailbox_id, uid, message_id, modseq, seen, answered, flagged, deleted, draft,"
                + " keywords, internal_date, sort_date, " + (beforeV30 ? "sort_from, sort_subject, " : "") + "size_bytes)"
                + " VALUES (1, " + uid
                + ", 1, 1, FALSE, FALSE, FALSE, FALSE, FALSE, '', TIMESTAMP WITH TIME ZONE '2019-05-06 07:08:09+00',"
                + " TIMESTAMP WITH TIME ZONE '2019-05-06 07:08:09+00', " + (beforeV30 ? "'f', 's', " : "") + "10)";
    }
}
