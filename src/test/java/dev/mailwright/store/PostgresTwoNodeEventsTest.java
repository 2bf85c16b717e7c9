package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.mailwright.MailwrightApplication;
import dev.mailwright.net.TestPorts;

/**
 * Two Mailwright nodes on one PostgreSQL database (blobs in the database): an IMAP client in IDLE on node A
 * hears at once about a message delivered over SMTP to node B, and about B's flag change and expunge.
 */
@Timeout(300)
@EnabledIfEnvironmentVariable(named = StoreTestSupport.POSTGRES_URL, matches = ".+")
class PostgresTwoNodeEventsTest {
    private static final int WAIT_MILLIS = 10_000;

    private static ConfigurableApplicationContext node(Path dataDir, String address, int smtpPort, int imapPort) {
        List<String> args = new ArrayList<>(List.of(
                "--mailwright.data-dir=" + dataDir,
                "--spring.datasource.url=" + TestPostgres.url(),
                "--spring.datasource.username=" + TestPostgres.user(),
                "--spring.datasource.password=" + TestPostgres.password(),
                "--spring.datasource.hikari.maximum-pool-size=6",
                "--mailwright.storage.blobs=DATABASE",
                "--mailwright.security.allow-plaintext-auth=true",
                "--server.port=0",
                "--mailwright.smtp.port=" + smtpPort,
                "--mailwright.submission.port=0",
                "--mailwright.submissions.port=0",
                "--mailwright.imap.port=" + imapPort,
                "--mailwright.imaps.port=0",
                "--mailwright.bootstrap.accounts[0].address=" + address,
                "--mailwright.bootstrap.accounts[0].password=two-nodes-secret"));
        return SpringApplication.run(MailwrightApplication.class, args.toArray(String[]::new));
    }

    @Test
    void idleOnOneNodeShouldHearDeliveriesFlagChangesAndExpungesMadeOnTheOther(@TempDir Path dirA, @TempDir Path dirB)
            throws Exception {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        int imapA = TestPorts.freePort();
        int smtpB = TestPorts.freePort();
        try (ConfigurableApplicationContext a = node(dirA, alice, TestPorts.freePort(), imapA);
             ConfigurableApplicationContext b = node(dirB, alice, smtpB, TestPorts.freePort());
             Socket imap = new Socket("127.0.0.1", imapA)) {
            imap.setSoTimeout(WAIT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(imap.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = imap.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");
            send(out, "a1 LOGIN " + alice + " two-nodes-secret");
            assertThat(untilTagged(in, "a1")).startsWith("a1 OK");
            send(out, "a2 SELECT INBOX");
            assertThat(untilTagged(in, "a2")).startsWith("a2 OK");
            send(out, "a3 IDLE");
            assertThat(in.readLine()).isEqualTo("+ idling");

            deliverOverSmtp(smtpB, alice);
            assertThat(waitFor(in, "* 1 EXISTS")).last().asString().startsWith("* 1 EXISTS");

            MailStore storeB = b.getBean(MailStore.class);
            AccountId account = b.getBean(AccountStore.class).findAccount(alice).orElseThrow().id();
            MailboxId inbox = storeB.mailbox(account, "INBOX").orElseThrow().id();
            storeB.updateFlags(account, inbox, UidSet.ALL, MailStore.FlagChange.ADD,
                    Flags.of(SystemFlag.SEEN, SystemFlag.DELETED), Optional.empty());
            assertThat(waitFor(in, "* 1 FETCH (UID 1 FLAGS (\\Seen \\Deleted")).last().asString().startsWith("* 1 FETCH (UID 1 FLAGS (\\Seen \\Deleted");
            assertThat(storeB.expunge(account, inbox, Optional.empty())).containsExactly(1L);
            assertThat(waitFor(in, "* 1 EXPUNGE")).last().asString().startsWith("* 1 EXPUNGE");

            send(out, "DONE");
            assertThat(untilTagged(in, "a3")).startsWith("a3 OK");
        }
    }

    private static void deliverOverSmtp(int port, String recipient) throws IOException {
        try (Socket smtp = new Socket("127.0.0.1", port)) {
            smtp.setSoTimeout(WAIT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(smtp.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = smtp.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            send(out, "HELO sender.test");
            assertThat(in.readLine()).startsWith("250 ");
            send(out, "MAIL FROM:<someone@sender.test>");
            assertThat(in.readLine()).startsWith("250 ");
            send(out, "RCPT TO:<" + recipient + ">");
            assertThat(in.readLine()).startsWith("250 ");
            send(out, "DATA");
            assertThat(in.readLine()).startsWith("354 ");
            send(out, "Subject: from node B\r\n\r\nhello across nodes\r\n.");
            assertThat(in.readLine()).startsWith("250 ");
            send(out, "QUIT");
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String untilTagged(BufferedReader in, String tag) throws IOException {
        String line;
        while ((line = in.readLine()) != null && !line.startsWith(tag + " ")) {
            // untagged data of the command
        }
        return line;
    }

    /** Reads untagged lines until one starts with {@code prefix}; returns the lines read before it times out. */
    private static List<String> waitFor(BufferedReader in, String prefix) throws IOException {
        List<String> seen = new ArrayList<>();
        try {
            String line;
            while ((line = in.readLine()) != null) {
                seen.add(line);
                if (line.startsWith(prefix)) {
                    return seen;
                }
            }
        } catch (SocketTimeoutException e) {
            seen.add("<nothing more within " + WAIT_MILLIS + " ms>");
        }
        return seen;
    }
}
