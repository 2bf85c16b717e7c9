package dev.mailwright.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.net.ListenerManager;
import dev.mailwright.net.TestPorts;

/**
 * Fair admission under a flood (issue #12), with the default connection caps: 2,000 slow connections from 40
 * source addresses (127.0.0.1 ... 127.0.0.40, 50 each) attached to the MX port, or to the IMAP port, never keep
 * a legitimate IMAP or submission user (from another address) out, while the flooding addresses keep connecting.
 * Each test attaches its 2,000 sockets (one virtual thread per connection on both sides) and is bounded to 90 s;
 * each took 2-6 s on a loaded two-core machine.
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
        "mailwright.connections.backlog=500",
})
class AdmissionFloodTest {
    static final int SMTP_PORT = TestPorts.freePort();
    static final int SUBMISSION_PORT = TestPorts.freePort();
    static final int IMAP_PORT = TestPorts.freePort();
    private static final int FLOOD_ADDRESSES = 40;
    private static final int FLOOD_CONNECTIONS = 2000;
    /** {@code mailwright.smtp.max-unauthenticated} / {@code imap.max-unauthenticated} default */
    private static final int DEFAULT_MAX_UNAUTHENTICATED = 250;

    @Autowired
    ListenerManager listeners;

    private final ConcurrentLinkedQueue<WireClient> attached = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean trickling = new AtomicBoolean(true);

    @DynamicPropertySource
    static void listeners(DynamicPropertyRegistry registry) throws IOException {
        String dataDir = Files.createTempDirectory("mailwright-admission-flood").toString();
        registry.add("mailwright.data-dir", () -> dataDir);
        registry.add("mailwright.smtp.port", () -> SMTP_PORT);
        registry.add("mailwright.submission.port", () -> SUBMISSION_PORT);
        registry.add("mailwright.imap.port", () -> IMAP_PORT);
    }

    @AfterEach
    void detachFlood() throws Exception {
        trickling.set(false);
        for (WireClient client : attached) {
            client.close();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (listeners.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    @Timeout(90)
    void floodOnTheMxPortShouldNeitherKeepImapNorSubmissionUsersOut() throws Exception {
        Map<String, Integer> answers = attachFlood(SMTP_PORT);

        assertThat(answers.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(FLOOD_CONNECTIONS);
        assertThat(answers.keySet()).as("greeted or politely refused, nothing else").containsAnyOf("220", "421 4.7.0")
                .allMatch(answer -> answer.equals("220") || answer.equals("421 4.7.0"));
        assertThat(answers.getOrDefault("421 4.7.0", 0)).as("most of the flood is refused at MX's own cap")
                .isGreaterThanOrEqualTo(FLOOD_CONNECTIONS - 2 * DEFAULT_MAX_UNAUTHENTICATED);
        assertThat(awaitOpenAtMost(DEFAULT_MAX_UNAUTHENTICATED)).as("open connections once the refused ones are gone")
                .isLessThanOrEqualTo(DEFAULT_MAX_UNAUTHENTICATED);

        try (Pressure pressure = keepFlooding(SMTP_PORT)) {
            assertImapUserGetsIn("127.0.0.100");
            assertSubmissionUserGetsIn("127.0.0.101");
            assertThat(pressure.attempts()).as("the flood went on meanwhile").isPositive();
        }
    }

    @Test
    @Timeout(90)
    void floodOfUnauthenticatedImapConnectionsShouldNotKeepAnImapUserOut() throws Exception {
        Map<String, Integer> answers = attachFlood(IMAP_PORT);

        assertThat(answers.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(FLOOD_CONNECTIONS);
        assertThat(answers.keySet()).allMatch(answer -> answer.equals("* OK") || answer.equals("* BYE"));
        assertThat(answers.getOrDefault("* BYE", 0)).as("the unauthenticated cap is full: the user must displace a flooder")
                .isGreaterThanOrEqualTo(FLOOD_CONNECTIONS - 2 * DEFAULT_MAX_UNAUTHENTICATED);
        assertThat(awaitOpenAtMost(DEFAULT_MAX_UNAUTHENTICATED)).isLessThanOrEqualTo(DEFAULT_MAX_UNAUTHENTICATED);

        try (Pressure pressure = keepFlooding(IMAP_PORT)) {
            assertImapUserGetsIn("127.0.0.102");
            assertImapUserGetsIn("127.0.0.103");
            assertSubmissionUserGetsIn("127.0.0.104");
            assertThat(pressure.attempts()).as("the flood went on meanwhile").isPositive();
        }
    }

    /** The flood goes on: one thread per flooding address keeps opening connections, keeping those admitted. */
    private Pressure keepFlooding(int port) {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger attempts = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int a = 1; a <= FLOOD_ADDRESSES; a++) {
            String source = "127.0.0." + a;
            threads.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    try {
                        WireClient client = WireClient.connect(source, port);
                        attached.add(client);
                        attempts.incrementAndGet();
                        String first = client.line();
                        if (first != null && (first.startsWith("220") || first.startsWith("* OK"))) {
                            Thread.ofVirtual().start(() -> trickle(client));
                        } else {
                            client.close();
                        }
                        Thread.sleep(20);
                    } catch (IOException | InterruptedException ignored) {
                        // a reset under load or the end of the test: try again or stop
                    }
                }
            }));
        }
        return new Pressure(running, attempts, threads);
    }

    private record Pressure(AtomicBoolean running, AtomicInteger counter, List<Thread> threads)
            implements AutoCloseable {
        int attempts() {
            return counter.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(30));
            }
        }
    }

    /**
     * Connects 2,000 sockets from 40 addresses, at most 200 connecting at a time, reads each one's first answer, and
     * keeps the admitted ones busy with one byte every 2 s (slow, never silent). Answers counted by their first words.
     */
    private Map<String, Integer> attachFlood(int port) throws Exception {
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        Semaphore connecting = new Semaphore(200);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < FLOOD_CONNECTIONS; i++) {
                String source = "127.0.0." + (1 + i % FLOOD_ADDRESSES);
                all.add(threads.submit(() -> {
                    connecting.acquire();
                    WireClient client;
                    String first;
                    try {
                        client = WireClient.connect(source, port);
                        first = client.line();
                    } finally {
                        connecting.release();
                    }
                    attached.add(client);
                    String answer = first == null ? "closed" : first.startsWith("220") ? "220"
                            : first.startsWith("* OK") ? "* OK" : first.startsWith("* BYE") ? "* BYE"
                            : first.length() >= 9 ? first.substring(0, 9) : first;
                    answers.merge(answer, 1, Integer::sum);
                    if (answer.equals("220") || answer.equals("* OK")) {
                        Thread.ofVirtual().start(() -> trickle(client));
                    }
                    return null;
                }));
            }
            for (Future<?> connection : all) {
                connection.get();
            }
        }
        return answers;
    }

    private void trickle(WireClient client) {
        try {
            while (trickling.get()) {
                client.sendRaw("N");
                Thread.sleep(2000);
            }
        } catch (IOException | InterruptedException closed) {
            // displaced or closed by the server, or the test ended
        }
    }

    /** Open connections over all listeners, once they are at most {@code expected} or after 10 s. */
    private int awaitOpenAtMost(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (listeners.openConnections() > expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return listeners.openConnections();
    }

    private static void assertImapUserGetsIn(String source) throws IOException {
        long start = System.nanoTime();
        try (WireClient imap = WireClient.connect(source, IMAP_PORT)) {
            assertThat(imap.line()).startsWith("* OK");
            imap.send("a1 LOGIN ann@example.test ann-secret");
            assertThat(imap.lineSkipping("* ")).startsWith("a1 OK");
            imap.send("a2 SELECT INBOX");
            assertThat(imap.lineSkipping("* ")).startsWith("a2 OK");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    private static void assertSubmissionUserGetsIn(String source) throws IOException {
        long start = System.nanoTime();
        try (WireClient submission = WireClient.connect(source, SUBMISSION_PORT)) {
            assertThat(submission.line()).startsWith("220");
            submission.send("EHLO client.test");
            assertThat(submission.lineSkipping("250-")).startsWith("250 ");
            submission.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(
                    "\0ann@example.test\0ann-secret".getBytes(StandardCharsets.UTF_8)));
            assertThat(submission.line()).startsWith("235");
            submission.send("MAIL FROM:<ann@example.test>");
            assertThat(submission.line()).startsWith("250");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
