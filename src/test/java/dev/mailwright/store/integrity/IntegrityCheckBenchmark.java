package dev.mailwright.store.integrity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.config.MailwrightProperties.Integrity.BlobCheck;
import dev.mailwright.store.AccountStore;

/**
 * Times the integrity check on an H2 store of 100,000 messages (10 mailboxes of 10,000) with one real blob file each.
 * Not part of {@code ./mvnw verify}: run it with {@code -Dmailwright.bench=true}; the numbers go to docs/BENCHMARKS.md.
 * The rows are inserted with plain JDBC batches (delivering 100,000 messages one by one would take most of an hour).
 */
@SpringBootTest(properties = "mailwright.integrity.on-start=false")
@EnabledIfSystemProperty(named = "mailwright.bench", matches = "true")
class IntegrityCheckBenchmark {
    static final int MAILBOXES = 10;
    static final int PER_MAILBOX = 10_000;
    static Path dataDir;

    @Autowired
    IntegrityCheck check;
    @Autowired
    AccountStore accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate template;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        dataDir = Files.createTempDirectory("mailwright-integrity-bench-");
        registry.add("mailwright.data-dir", dataDir::toString);
        IntegrityTestSupport.quiet(registry);
    }

    @Test
    void checkOneHundredThousandMessages() throws Exception {
        accounts.ensureDomain("example.test");
        AccountStore.Account owner = accounts.createAccount("bench-" + UUID.randomUUID().toString().substring(0, 6) + "@example.test", "{noop}x", false);
        long t0 = System.nanoTime();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int b = 0; b < MAILBOXES; b++) {
            String name = "Bench" + b;
            long validity = IntegrityCheck.nextUidValidity(jdbc);
            jdbc.sql("INSERT INTO mailbox (account_id, name, uidvalidity, uid_next, highest_modseq, recent_uid, message_count,"
                    + " unseen_count, size_bytes, special_use) VALUES (?, ?, ?, ?, ?, 1, 0, 0, 0, NULL)")
                    .params(owner.id().value(), name, validity, PER_MAILBOX + 1, PER_MAILBOX + 1).update();
            long mailbox = jdbc.sql("SELECT id FROM mailbox WHERE account_id = ? AND name = ?").params(owner.id().value(), name)
                    .query(Long.class).single();
            long size = 0;
            List<Object[]> messages = new ArrayList<>();
            List<String> hashes = new ArrayList<>();
            for (int i = 1; i <= PER_MAILBOX; i++) {
                byte[] raw = ("From: a@example.test\r\nSubject: bench " + b + "/" + i + "\r\n\r\nbody " + b + "/" + i + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                String hash = HexFormat.of().formatHex(sha.digest(raw));
                Path file = dataDir.resolve("blobs").resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);
                Files.createDirectories(file.getParent());
                Files.write(file, raw);
                hashes.add(hash);
                size += raw.length;
                messages.add(new Object[] {owner.id().value(), hash, (long) raw.length});
            }
            template.batchUpdate("INSERT INTO message (account_id, blob_hash, size_bytes, envelope, body_structure, body, part_tree,"
                    + " subject, from_address, preview, has_attachments, references_ids, thread_key, search_text)"
                    + " VALUES (?, ?, ?, 'NIL', 'NIL', 'NIL', '', 's', 'a', '', FALSE, '', 't', '')", messages);
            List<Long> ids = jdbc.sql("SELECT id FROM message WHERE account_id = ? ORDER BY id DESC FETCH FIRST " + PER_MAILBOX + " ROWS ONLY")
                    .param(owner.id().value()).query(Long.class).list().reversed();
            List<Object[]> placements = new ArrayList<>();
            for (int i = 0; i < PER_MAILBOX; i++) {
                placements.add(new Object[] {mailbox, (long) i + 1, ids.get(i), (long) i + 1, now, now, 40L});
            }
            template.batchUpdate("INSERT INTO mailbox_message (mailbox_id, uid, message_id, modseq, seen, answered, flagged, deleted,"
                    + " draft, keywords, internal_date, sort_date, size_bytes)"
                    + " VALUES (?, ?, ?, ?, FALSE, FALSE, FALSE, FALSE, FALSE, '', ?, ?, ?)", placements);
            jdbc.sql("UPDATE mailbox SET message_count = ?, unseen_count = ?, size_bytes = (SELECT SUM(size_bytes) FROM mailbox_message"
                    + " WHERE mailbox_id = ?) WHERE id = ?").params(PER_MAILBOX, PER_MAILBOX, mailbox, mailbox).update();
        }
        System.out.printf("BENCH populated %d messages in %d ms%n", MAILBOXES * PER_MAILBOX, (System.nanoTime() - t0) / 1_000_000);
        for (BlobCheck depth : List.of(BlobCheck.NONE, BlobCheck.EXISTS, BlobCheck.HASH, BlobCheck.NONE, BlobCheck.EXISTS, BlobCheck.HASH)) {
            IntegrityReport report = check.run(true, depth);
            System.out.printf("BENCH blob-check %s: %s; findings %s%n", depth, report.summary(), report.findings());
        }
    }
}
