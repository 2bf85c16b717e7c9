package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.admin.ServerStatus;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.LostBlobs;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.integrity.IntegrityCheck;
import dev.mailwright.store.integrity.IntegrityReport;

/**
 * A blob lost from under a stored message (deleted from the data directory while the server runs): IMAP still serves
 * the other messages and the session goes on, FETCH of the lost one answers {@code NO [CORRUPTION]}, and the admin sees
 * it in the status and in the integrity check. Real listener, raw socket, real blob files.
 */
@SpringBootTest(properties = "mailwright.integrity.on-start=false")
@Timeout(120)
class ImapMissingBlobTest extends ImapListenerTest {
    private static final String PASSWORD = "missing-secret";
    static Path dataDir;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ServerStatus status;
    @Autowired
    IntegrityCheck integrity;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dataDir = ImapTestSupport.common(registry);
        ImapTestSupport.loopbackListener(registry, "imap");
    }

    private static MessageSource message(String subject) {
        return MessageSource.of(("From: a@example.test\r\nSubject: " + subject + "\r\n\r\nthe text of " + subject + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theOtherMessagesShouldBeServedAndTheLostOneAnsweredWithCorruption() throws Exception {
        AccountStore.Account user = newAccount("missing", PASSWORD);
        for (String subject : List.of("first", "second", "third")) {
            store.deliver(message(subject), List.of(user.id()));
        }
        MailboxInfo inbox = store.mailbox(user.id(), "INBOX").orElseThrow();
        String hash = jdbc.sql("SELECT m.blob_hash FROM mailbox_message mm JOIN message m ON m.id = mm.message_id"
                + " WHERE mm.mailbox_id = ? AND mm.uid = 2").param(inbox.id().value()).query(String.class).single();
        LostBlobs.lose(dataDir, jdbc, hash);
        long missingBefore = status.now().unreadableBlobs();

        try (RawImapClient client = new RawImapClient("127.0.0.1", listeners.boundPort("imap"))) {
            client.socket().setSoTimeout(20_000);
            client.line();
            client.send("l1 LOGIN \"" + user.address() + "\" " + PASSWORD + "\r\n");
            assertThat(client.until("l1").getLast()).startsWith("l1 OK");
            client.send("s1 SELECT INBOX\r\n");
            assertThat(client.until("s1").getLast()).startsWith("s1 OK");

            client.send("f1 FETCH 1:3 (UID BODY.PEEK[])\r\n");
            List<String> fetched = client.until("f1");
            assertThat(fetched).anySatisfy(l -> assertThat(l).startsWith("* 1 FETCH (UID 1 BODY[] {"));
            assertThat(fetched).anySatisfy(l -> assertThat(l).startsWith("* 3 FETCH (UID 3 BODY[] {"));
            assertThat(fetched).contains("the text of first", "the text of third");
            assertThat(fetched).noneMatch(l -> l.startsWith("* 2 FETCH") || l.contains("the text of second"));
            assertThat(fetched.getLast()).startsWith("f1 NO [CORRUPTION]").contains("UID 2").doesNotContain("SERVERBUG");

            client.send("f2 UID FETCH 2 (BODY[TEXT])\r\n");
            assertThat(client.until("f2").getLast()).startsWith("f2 NO [CORRUPTION]");

            // what needs no bytes is still served, and the session goes on
            client.send("f3 FETCH 1:3 (UID FLAGS ENVELOPE)\r\n");
            List<String> flags = client.until("f3");
            assertThat(flags.stream().filter(l -> l.startsWith("* ")).count()).isEqualTo(3);
            assertThat(flags.getLast()).startsWith("f3 OK");
            client.send("n1 NOOP\r\n");
            assertThat(client.until("n1").getLast()).startsWith("n1 OK");
        }

        assertThat(status.now().unreadableBlobs()).isGreaterThan(missingBefore);
        IntegrityReport report = integrity.run(false);
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(IntegrityReport.Kind.MISSING_BLOB);
            assertThat(f.account()).isEqualTo(user.address());
            assertThat(f.mailbox()).isEqualTo("INBOX");
            assertThat(f.count()).isEqualTo(1);
        });
        assertThat(status.now().integrity()).as("the status page's report").isNotNull()
                .satisfies(last -> assertThat(last.findings()).isNotEmpty());
    }
}
