package dev.mailwright.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.UidSet;
import dev.mailwright.net.TestPorts;

/**
 * The whole application with the three SMTP listeners on free loopback ports, H2 in a fresh data dir, and
 * bootstrap accounts. Subclasses share one context (same configuration), so every test marks its messages
 * with a unique token and looks only for those.
 */
@SpringBootTest(properties = {
        "mailwright.hostname=mx.example.test",
        "mailwright.domains=example.test",
        "mailwright.imap.port=0",
        "mailwright.imaps.port=0",
        "mailwright.delivery.workers=0",
        "mailwright.bootstrap.accounts[0].address=alice@example.test",
        "mailwright.bootstrap.accounts[0].password=alice-secret",
        "mailwright.bootstrap.accounts[1].address=bob@example.test",
        "mailwright.bootstrap.accounts[1].password=bob-secret",
        "mailwright.bootstrap.accounts[2].address=carol@example.test",
        "mailwright.bootstrap.accounts[2].password=carol-secret",
        "mailwright.bootstrap.accounts[3].address=load@example.test",
        "mailwright.bootstrap.accounts[3].password=load-secret",
        "mailwright.smtp-limits.max-message-size=256KB",
        // messages up to 16 KB stay in memory, larger ones go through spool files: the tests see both
        "mailwright.smtp-limits.spool-in-memory=16KB",
        "mailwright.smtp-limits.max-recipients=5",
        "mailwright.smtp-limits.max-bad-commands=6",
        "mailwright.connections.max-per-ip=200",
        "mailwright.connections.max-unauthenticated-per-ip=200",
})
abstract class SmtpServerTestSupport {
    static final int SMTP_PORT = TestPorts.freePort();
    static final int SUBMISSION_PORT = TestPorts.freePort();
    static final int SUBMISSIONS_PORT = TestPorts.freePort();
    private static final Path DATA_DIR = tempDir();

    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    JdbcTemplate jdbc;

    /** {@code sales@example.test} is an alias of alice. */
    @BeforeEach
    void ensureAlias() {
        if (!accounts.aliasesOf(account("alice@example.test")).contains("sales@example.test")) {
            accounts.addAlias("sales@example.test", account("alice@example.test"));
        }
    }

    @DynamicPropertySource
    static void listeners(DynamicPropertyRegistry registry) {
        registry.add("mailwright.data-dir", DATA_DIR::toString);
        registry.add("mailwright.smtp.port", () -> SMTP_PORT);
        registry.add("mailwright.submission.port", () -> SUBMISSION_PORT);
        registry.add("mailwright.submissions.port", () -> SUBMISSIONS_PORT);
        registry.add("mailwright.smtp.bind", () -> "127.0.0.1");
        registry.add("mailwright.submission.bind", () -> "127.0.0.1");
        registry.add("mailwright.submissions.bind", () -> "127.0.0.1");
    }


    private static Path tempDir() {
        try {
            return Files.createTempDirectory("mailwright-smtp-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String token() {
        return "T" + UUID.randomUUID().toString().replace("-", "");
    }

    static Path spoolDirectory() {
        return DATA_DIR.resolve("spool");
    }

    AccountId account(String address) {
        return accounts.findAccount(address).orElseThrow().id();
    }

    /** Raw bytes of every message in the account's INBOX that contains {@code marker}. */
    List<String> inboxMessagesWith(String address, String marker) {
        MailboxInfo inbox = store.mailbox(account(address), "INBOX").orElseThrow();
        List<String> found = new ArrayList<>();
        store.forEachMeta(inbox.id(), UidSet.ALL, meta -> {
            try (InputStream in = store.openMessage(meta.blobHash())) {
                String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (raw.contains(marker)) {
                    found.add(raw);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return found;
    }

    long inboxCount(String address) {
        return store.mailbox(account(address), "INBOX").orElseThrow().messages();
    }

    List<String> queuedRecipientsFrom(String sender) {
        return jdbc.queryForList("SELECT recipient FROM outbound_queue WHERE sender = ? ORDER BY id", String.class, sender);
    }

    /** A minimal RFC 5322 message whose subject and body carry {@code marker}. */
    static String message(String from, String to, String marker) {
        return "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: test " + marker + "\r\n"
                + "Message-ID: <" + marker + "@client.test>\r\nDate: Fri, 27 Nov 2026 03:00:00 +0000\r\n\r\n"
                + "Body of " + marker + "\r\n";
    }

    /** EHLO on the MX port. */
    static RawSmtpClient mx() throws IOException {
        RawSmtpClient client = RawSmtpClient.connect(SMTP_PORT);
        client.read();
        client.command("EHLO client.test");
        return client;
    }

    /** Submission port, STARTTLS done, authenticated as alice. */
    static RawSmtpClient submissionAsAlice() throws IOException {
        RawSmtpClient client = RawSmtpClient.connect(SUBMISSION_PORT);
        client.read();
        client.command("EHLO client.test");
        client.startTls();
        RawSmtpClient.Reply auth = client.authPlain("alice@example.test", "alice-secret");
        if (auth.code() != 235) {
            throw new IOException("AUTH failed: " + auth);
        }
        return client;
    }
}
