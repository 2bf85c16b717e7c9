package dev.mailwright.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import dev.mailwright.net.TestPorts;

/**
 * Progress, not only the absence of silence (issue #12): clients that send a byte every few hundred milliseconds, and
 * so never trip an idle time-out, are closed politely when a command, an AUTH exchange or a DATA/BDAT/literal
 * transfer does not complete in time, and when a session has not authenticated within its budget (MX: its whole
 * session). Real SMTP and IMAP listeners, raw sockets. Time-outs here are seconds; each test takes under 15 s.
 */
@SpringBootTest(properties = {
        "mailwright.hostname=mx.example.test",
        "mailwright.domains=example.test",
        "mailwright.submissions.port=0",
        "mailwright.imaps.port=0",
        "mailwright.delivery.workers=0",
        "mailwright.security.allow-plaintext-auth=true",
        "mailwright.bootstrap.accounts[0].address=ann@example.test",
        "mailwright.bootstrap.accounts[0].password=ann-secret",
        "mailwright.smtp-limits.command-timeout=2s",
        "mailwright.smtp-limits.auth-timeout=2s",
        "mailwright.smtp-limits.min-transfer-rate=1KB",
        "mailwright.smtp-limits.transfer-grace=1s",
        "mailwright.smtp-limits.unauthenticated-session-time=5s",
        "mailwright.smtp-limits.mx-session-time=5s",
        "mailwright.imap-limits.command-timeout=2s",
        "mailwright.imap-limits.auth-timeout=2s",
        "mailwright.imap-limits.min-transfer-rate=1KB",
        "mailwright.imap-limits.transfer-grace=1s",
        "mailwright.imap-limits.unauthenticated-session-time=5s",
})
@Timeout(60)
class AdmissionDeadlineTest {
    static final int SMTP_PORT = TestPorts.freePort();
    static final int SUBMISSION_PORT = TestPorts.freePort();
    static final int IMAP_PORT = TestPorts.freePort();
    private static final Duration TRICKLE = Duration.ofMillis(300);

    @DynamicPropertySource
    static void listeners(DynamicPropertyRegistry registry) throws IOException {
        String dataDir = Files.createTempDirectory("mailwright-admission-deadlines").toString();
        registry.add("mailwright.data-dir", () -> dataDir);
        registry.add("mailwright.smtp.port", () -> SMTP_PORT);
        registry.add("mailwright.submission.port", () -> SUBMISSION_PORT);
        registry.add("mailwright.imap.port", () -> IMAP_PORT);
    }


    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static long secondsSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    }

    @Test
    void smtpCommandTricklingInShouldGet421WhenItsDeadlinePasses() throws IOException {
        try (WireClient client = WireClient.connect("127.0.0.1", SMTP_PORT)) {
            assertThat(client.line()).startsWith("220");
            long start = System.nanoTime();
            client.trickle("EHLO a-very-slow-client.example.test\r\n", TRICKLE);   // 12 s at this pace

            assertThat(client.line()).startsWith("421 4.4.2").contains("Command not completed in time");
            assertThat(secondsSince(start)).as("the 2 s command deadline, not the 5 s session budget").isLessThan(5);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void smtpDataBelowTheMinimumRateShouldGet421() throws IOException {
        try (WireClient client = WireClient.connect("127.0.0.1", SMTP_PORT)) {
            client.line();
            client.send("HELO client.test");
            client.send("MAIL FROM:<a@remote.invalid>");
            client.send("RCPT TO:<ann@example.test>");
            client.send("DATA");
            assertThat(client.line()).startsWith("250");
            assertThat(client.line()).startsWith("250");
            assertThat(client.line()).startsWith("250");
            assertThat(client.line()).startsWith("354");
            client.trickle("Subject: slow\r\n\r\n" + "x".repeat(200) + "\r\n.\r\n", TRICKLE);

            assertThat(client.line()).startsWith("421 4.4.2").contains("Data transfer too slow");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void smtpBdatChunkBelowTheMinimumRateShouldGet421() throws IOException {
        try (WireClient client = WireClient.connect("127.0.0.1", SMTP_PORT)) {
            client.line();
            client.send("EHLO client.test");
            assertThat(client.lineSkipping("250-")).startsWith("250 ");
            client.send("MAIL FROM:<a@remote.invalid>");
            client.send("RCPT TO:<ann@example.test>");
            assertThat(client.line()).startsWith("250");
            assertThat(client.line()).startsWith("250");
            client.send("BDAT 5000 LAST");
            client.trickle("x".repeat(5000), TRICKLE);

            assertThat(client.line()).startsWith("421 4.4.2").contains("Data transfer too slow");
        }
    }

    @Test
    void smtpDataAtFullSpeedShouldStillBeAccepted() throws IOException {
        try (WireClient client = WireClient.connect("127.0.0.1", SMTP_PORT)) {
            client.line();
            client.send("HELO client.test");
            client.send("MAIL FROM:<a@remote.invalid>");
            client.send("RCPT TO:<ann@example.test>");
            client.send("DATA");
            for (int i = 0; i < 4; i++) {
                client.line();
            }
            client.sendRaw("Subject: fast\r\n\r\n" + ("y".repeat(998) + "\r\n").repeat(200) + ".\r\n");

            assertThat(client.line()).startsWith("250 2.0.0");
        }
    }

    @Test
    void smtpAuthExchangeThatDoesNotFinishShouldGet421() throws IOException {
        try (WireClient client = WireClient.connect("127.0.0.1", SUBMISSION_PORT)) {
            client.line();
            client.send("EHLO client.test");
            client.lineSkipping("250-");
            client.send("AUTH LOGIN");
            assertThat(client.line()).startsWith("334");
            long start = System.nanoTime();
            client.trickle(Base64.getEncoder().encodeToString("ann@example.test".getBytes(StandardCharsets.US_ASCII))
                    + "\r\n", TRICKLE);

            assertThat(client.line()).startsWith("421 4.4.2").contains("Command not completed in time");
            assertThat(secondsSince(start)).isLessThan(5);
        }
    }

    @Test
    void imapCommandTricklingInShouldGetBye() throws IOException {
        try (WireClient client = WireClient.connect("127.0.0.1", IMAP_PORT)) {
            assertThat(client.line()).startsWith("* OK");
            client.trickle("a1 CAPABILITY and a lot more of nothing\r\n", TRICKLE);

            assertThat(client.line()).isEqualTo("* BYE Command not completed in time");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void imapLiteralBelowTheMinimumRateShouldGetBye() throws IOException {
        try (WireClient client = WireClient.connect("127.0.0.1", IMAP_PORT)) {
            client.line();
            client.send("a1 LOGIN ann@example.test ann-secret");
            assertThat(client.lineSkipping("* ")).startsWith("a1 OK");
            client.send("a2 APPEND INBOX {5000}");
            assertThat(client.line()).startsWith("+");
            client.trickle("x".repeat(5000), TRICKLE);

            assertThat(client.line()).isEqualTo("* BYE Literal data too slow");
        }
    }

    @Test
    void imapAppendAtFullSpeedShouldStillBeStored() throws IOException {
        try (WireClient client = WireClient.connect("127.0.0.1", IMAP_PORT)) {
            client.line();
            client.send("a1 LOGIN ann@example.test ann-secret");
            client.lineSkipping("* ");
            String message = "Subject: fast append\r\n\r\n" + ("z".repeat(998) + "\r\n").repeat(300);
            client.send("a2 APPEND INBOX {" + message.length() + "}");
            assertThat(client.line()).startsWith("+");
            client.sendRaw(message + "\r\n");

            assertThat(client.lineSkipping("* ")).startsWith("a2 OK");
        }
    }

    @Test
    void imapAuthenticateExchangeThatDoesNotFinishShouldGetBye() throws IOException {
        try (WireClient client = WireClient.connect("127.0.0.1", IMAP_PORT)) {
            client.line();
            client.send("a1 AUTHENTICATE PLAIN");
            assertThat(client.line()).startsWith("+");
            client.trickle(plain("ann@example.test", "ann-secret") + "\r\n", TRICKLE);

            assertThat(client.line()).isEqualTo("* BYE Command not completed in time");
        }
    }

    /**
     * Five sessions at once, each kept busy with a NOOP every 300 ms: the unauthenticated ones (submission, IMAP) and
     * MX end at their 5 s budget; the authenticated ones outlive it.
     */
    @Test
    void sessionsShouldEndAtTheirTimeBudgetUnlessAuthenticated() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> submission = threads.submit(busyUntilClosed(SUBMISSION_PORT, "NOOP", null));
            Future<String> mx = threads.submit(busyUntilClosed(SMTP_PORT, "NOOP", null));
            Future<String> imap = threads.submit(busyUntilClosed(IMAP_PORT, "n NOOP", null));
            Future<String> submissionAuthenticated = threads.submit(busyUntilClosed(SUBMISSION_PORT, "NOOP",
                    "AUTH PLAIN " + plain("ann@example.test", "ann-secret")));
            Future<String> imapAuthenticated = threads.submit(busyUntilClosed(IMAP_PORT, "n NOOP",
                    "a LOGIN ann@example.test ann-secret"));

            assertThat(submission.get()).startsWith("421 4.7.0").contains("Not authenticated in time");
            assertThat(mx.get()).startsWith("421 4.4.2").contains("Session time limit reached");
            assertThat(imap.get()).isEqualTo("* BYE Not authenticated in time");
            assertThat(submissionAuthenticated.get()).isEqualTo("still open after 8 s");
            assertThat(imapAuthenticated.get()).isEqualTo("still open after 8 s");
        }
    }

    /** Sends {@code command} every 300 ms for up to 8 s; the first line that is not a normal answer, or a note that the session lasted. */
    private static Callable<String> busyUntilClosed(int port, String command, String login) {
        return () -> {
            try (WireClient client = WireClient.connect("127.0.0.1", port)) {
                client.line();
                if (login != null) {
                    if (port == SUBMISSION_PORT) {
                        client.send("EHLO client.test");
                        client.lineSkipping("250-");
                    }
                    client.send(login);
                    String answer = client.lineSkipping("* ");
                    assertThat(answer).matches("(235|a OK).*");
                }
                long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
                while (System.nanoTime() < end) {
                    client.send(command);
                    String answer = client.lineSkipping("* OK");
                    if (answer == null || !(answer.startsWith("250") || answer.startsWith("n OK"))) {
                        return answer;
                    }
                    Thread.sleep(300);
                }
                return "still open after 8 s";
            }
        };
    }
}
