package dev.mailwright.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Database wiring and message builders shared by the store tests. */
final class StoreTestSupport {
    static final String POSTGRES_URL = "MAILWRIGHT_TEST_POSTGRES_URL";

    private StoreTestSupport() {
    }

    /** A fresh data dir (H2 file database and blobs) for one test class; every listener disabled. */
    static Path common(DynamicPropertyRegistry registry) {
        Path dir;
        try {
            dir = Files.createTempDirectory("mailwright-store-test-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        registry.add("mailwright.data-dir", dir::toString);
        registry.add("mailwright.domains", () -> "example.test,other.test");
        for (String listener : new String[] {"smtp", "submission", "submissions", "imap", "imaps"}) {
            registry.add("mailwright." + listener + ".port", () -> "0");
        }
        registry.add("server.port", () -> "0");
        return dir;
    }

    static void h2(DynamicPropertyRegistry registry) {
        common(registry);
    }

    /** An H2 file database in the data directory, as application.yml configures it; returns the directory. */
    static Path h2File(DynamicPropertyRegistry registry) {
        Path dir = common(registry);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir + "/mailwright;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE");
        return dir;
    }

    static void postgres(DynamicPropertyRegistry registry) {
        common(registry);
        TestPostgres.register(registry);
        // every test class keeps its own cached context and pool: stay far below PostgreSQL's max_connections
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
    }

    /** A unique local address, so tests sharing a database never see each other's accounts. */
    static String uniqueAddress(String user) {
        return user + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    static MessageSource message(String subject, String body) {
        return message("<" + UUID.randomUUID() + "@example.test>", subject, body, "");
    }

    static MessageSource message(String messageId, String subject, String body, String extraHeaders) {
        String text = "From: Alice <alice@example.test>\r\n"
                + "To: bob@example.test\r\n"
                + "Subject: " + subject + "\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "Date: Fri, 27 Nov 2026 10:00:00 +0000\r\n"
                + extraHeaders
                + "\r\n"
                + body + "\r\n";
        return MessageSource.of(text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A new mailbox {@code name} of {@code count} unseen placements (UIDs 1..count, modseq = UID, sort keys alike) of one
     * message appended to the account's INBOX for it, with the mailbox row's counters set as the store keeps them:
     * thousands of placements in one statement where appending them would take the test minutes.
     */
    static MailboxId mailboxOfPlacements(MailStore store, JdbcClient jdbc, AccountId account, String name, int count) {
        store.append(account, "INBOX", message("seed", "body"), Flags.NONE, java.util.Optional.empty());
        MailboxInfo inbox = store.mailbox(account, "INBOX").orElseThrow();
        long messageId = jdbc.sql("SELECT MAX(message_id) FROM mailbox_message WHERE mailbox_id = ?")
                .param(inbox.id().value()).query(Long.class).single();
        MailboxId box = store.createMailbox(account, name).id();
        String numbers = postgres(jdbc) ? "generate_series(1, " + count + ") AS r(x)" : "SYSTEM_RANGE(1, " + count + ") r";
        jdbc.sql("INSERT INTO mailbox_message (mailbox_id, uid, message_id, modseq, seen, answered, flagged, deleted,"
                        + " draft, keywords, internal_date, sort_date, size_bytes)"
                        + " SELECT ?, x, ?, x, FALSE, FALSE, FALSE, FALSE, FALSE, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 100"
                        + " FROM " + numbers)
                .params(box.value(), messageId).update();
        jdbc.sql("INSERT INTO mailbox_message_keys (mailbox_id, uid, message_id, sort_date, sort_from, sort_subject,"
                        + " size_bytes) SELECT ?, x, ?, CURRENT_TIMESTAMP, 'alice', 'seed', 100 FROM " + numbers)
                .params(box.value(), messageId).update();
        jdbc.sql("UPDATE mailbox SET message_count = ?, unseen_count = ?, uid_next = ?, highest_modseq = ? WHERE id = ?")
                .params(count, count, count + 1, count, box.value()).update();
        return box;
    }

    static boolean postgres(JdbcClient jdbc) {
        return jdbc.sql("SELECT 1").query((rs, n) -> rs.getStatement().getConnection().getMetaData().getDatabaseProductName())
                .single().contains("PostgreSQL");
    }

    /** Files under {@code blobs} for the blob {@code hash}: the blob itself and any temporary file of its write. */
    static long blobFiles(Path blobs, String hash) throws java.io.IOException {
        if (!Files.isDirectory(blobs)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(blobs)) {
            return files.filter(p -> p.getFileName().toString().startsWith(hash.substring(0, 8))).count();
        }
    }
}
