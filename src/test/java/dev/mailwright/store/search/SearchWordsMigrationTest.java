package dev.mailwright.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import dev.mailwright.store.TestPostgres;

/**
 * V35 to V37 on a PostgreSQL database that already holds mail: each row's distinct words are taken from its folded
 * body, split at the characters {@code SearchWords} splits at (V35), their trigram codes computed from them as
 * {@link SearchWords#bodyTrigramCodes} does (V36), and the search header's codes added below zero as
 * {@link SearchWords#rowTrigramCodes} does (V37); a row the start-up catch-up has not reached (no folded body, no
 * header) is left to it. In a schema of its own that is dropped afterwards; no Spring context.
 */
@EnabledIfEnvironmentVariable(named = SearchIndexTestSupport.POSTGRES_URL, matches = ".+")
class SearchWordsMigrationTest {
    @Test
    void v35ToV37ShouldFillTheCodesOfRowsWrittenBefore() throws Exception {
        TestPostgres.inOwnSchema("v35_check_", (url, user, password, schema) -> {
            Flyway.configure().dataSource(url, user, password).schemas(schema)
                    .locations("classpath:db/migration", "classpath:db/vendor/postgresql").target("34").load().migrate();
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + schema + ", public");
                s.execute("INSERT INTO account (id, address, address_lower, password_hash, admin, enabled, created_at)"
                        + " VALUES (1, 'a@example.test', 'a@example.test', 'x', FALSE, TRUE, CURRENT_TIMESTAMP)");
                s.execute(message(1, "'re: the budget, approved!\r\nthe budget_2026 grüße~x \uD83D\uDE00ab'"));
                s.execute(message(2, "NULL"));
            }
            Flyway.configure().dataSource(url, user, password).schemas(schema)
                    .locations("classpath:db/migration", "classpath:db/vendor/postgresql").load().migrate();
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, search_grams FROM " + schema + ".message ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                int[] codes = java.util.Arrays.stream((Integer[]) rs.getArray(2).getArray()).mapToInt(Integer::intValue).toArray();
                assertThat(codes).containsExactly(SearchWords.rowTrigramCodes(
                        "re: the budget, approved!\r\nthe budget_2026 grüße~x \uD83D\uDE00ab", HEADER));
                assertThat(rs.next()).isTrue();
                assertThat(rs.getArray(2)).isNull();
            }
        });
    }

    /** A folded search header as SearchText writes it: lines of fields, non-ASCII and non-BMP characters included. */
    private static final String HEADER = "from: jürgen <j@example.de>\nfrom: j@example.de\nsubject: grüße \uD83D\uDE00abc ok";

    private static String message(long id, String searchBody) {
        return "INSERT INTO message (id, account_id, blob_hash, size_bytes, envelope, body_structure, body, part_tree,"
                + " subject, from_address, preview, has_attachments, references_ids, thread_key, search_text,"
                + " search_header, search_body) VALUES (" + id + ", 1, 'h" + id + "', 10, 'e', 'b', 'b', 't', 's', 'f',"
                + " 'p', FALSE, '', 'k', '', " + (searchBody.equals("NULL") ? "NULL" : "'" + HEADER + "'") + ", " + searchBody + ")";
    }
}
