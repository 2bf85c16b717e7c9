package dev.mailwright.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.inbound.rspamd.RspamdProcess;
import dev.mailwright.inbound.spam.InboundCounters;
import dev.mailwright.net.TestPorts;

/**
 * Content scoring and learning against a real rspamd (started by {@link RspamdProcess} on loopback with our test
 * configuration), through the real MX and IMAP listeners: GTUBE is refused, its add-header variant lands in Junk with
 * {@code X-Spam-*} fields, a clean message reaches the INBOX, IMAP MOVE into and out of Junk sets {@code $Junk} /
 * {@code $NotJunk} and raises rspamd's learned count, and with rspamd stopped mail is still accepted, marked unscanned.
 * Budget: rspamd start-up (~10 s, bounded at 90 s) plus one context start; learning is awaited for at most 60 s.
 */
@SpringBootTest(properties = {
        "mailwright.hostname=mx.example.test",
        "mailwright.domains=example.test",
        "mailwright.imaps.port=0",
        "mailwright.submission.port=0",
        "mailwright.submissions.port=0",
        "mailwright.delivery.workers=0",
        "mailwright.security.allow-plaintext-auth=true",
        "mailwright.bootstrap.accounts[0].address=erin@example.test",
        "mailwright.bootstrap.accounts[0].password=erin-secret",
        "mailwright.spam.rspamd.timeout=10s",
})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RspamdMxTest extends MxTestSupport {
    static final RspamdProcess RSPAMD = RspamdProcess.start();
    static final int SMTP_PORT = TestPorts.freePort();
    static final int IMAP_PORT = TestPorts.freePort();
    static final Path DATA_DIR = tempDir("mailwright-inbound-rspamd");
    static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    static final String GTUBE_ADD_HEADER = "YJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    static final String CLEAN = "Hello Erin, the quarterly planning meeting moves to Thursday afternoon in the small "
            + "conference room on the second floor. Please bring the budget figures and the draft agenda we discussed "
            + "last week, and let me know whether the new schedule suits your team.";

    @Autowired
    InboundCounters counters;
    @Autowired
    dev.mailwright.store.SieveScripts sieveScripts;

    @DynamicPropertySource
    static void listeners(DynamicPropertyRegistry registry) {
        registry.add("mailwright.data-dir", DATA_DIR::toString);
        registry.add("mailwright.smtp.port", () -> SMTP_PORT);
        registry.add("mailwright.smtp.bind", () -> "127.0.0.1");
        registry.add("mailwright.imap.port", () -> IMAP_PORT);
        registry.add("mailwright.imap.bind", () -> "127.0.0.1");
        registry.add("mailwright.spam.rspamd.url", RSPAMD::scanUrl);
        registry.add("mailwright.spam.rspamd.controller-url", RSPAMD::controllerUrl);
    }

    @AfterAll
    static void stopRspamd() {
        RSPAMD.close();
    }

    @Test
    @Order(1)
    void gtubeIsRefusedWith550AndNothingIsStored() throws Exception {
        String marker = token();
        long refusedBefore = count(InboundCounters.DomainCounts::refused);
        MxClient.Reply reply = send(message("spammer@sender.test", "erin@example.test", marker, GTUBE));
        assertThat(reply.code()).as(reply.text()).isEqualTo(550);
        assertThat(reply.text()).contains("5.7.1").contains("spam");
        assertThat(inboxWith("erin@example.test", marker)).isEmpty();
        assertThat(junkWith("erin@example.test", marker)).isEmpty();
        assertThat(count(InboundCounters.DomainCounts::refused)).isEqualTo(refusedBefore + 1);
    }

    @Test
    @Order(2)
    void anAddHeaderVerdictGoesToJunkWithSpamFields() throws Exception {
        String marker = token();
        long junkedBefore = count(InboundCounters.DomainCounts::junked);
        MxClient.Reply reply = send(message("bulk@sender.test", "erin@example.test", marker, GTUBE_ADD_HEADER));
        assertThat(reply.code()).as(reply.text()).isEqualTo(250);
        assertThat(inboxWith("erin@example.test", marker)).isEmpty();
        assertThat(junkWith("erin@example.test", marker)).singleElement().asString()
                .containsPattern("(?m)^X-Spam-Status: Yes, score=[0-9.]+ required=[0-9.]+ action=add header$")
                .contains("X-Spam-Flag: YES\r\n")
                .containsPattern("(?m)^X-Spam-Symbols: .*GTUBE");
        assertThat(count(InboundCounters.DomainCounts::junked)).isEqualTo(junkedBefore + 1);
    }

    @Test
    @Order(3)
    void aCleanMessageReachesTheInboxMarkedNotSpam() throws Exception {
        String marker = token();
        long acceptedBefore = count(InboundCounters.DomainCounts::accepted);
        assertThat(send(message("colleague@sender.test", "erin@example.test", marker, CLEAN)).code()).isEqualTo(250);
        assertThat(inboxWith("erin@example.test", marker)).singleElement().asString()
                .containsPattern("(?m)^X-Spam-Status: No, score=-?[0-9.]+ required=[0-9.]+ action=no action$")
                .doesNotContain("X-Spam-Flag");
        assertThat(count(InboundCounters.DomainCounts::accepted)).isEqualTo(acceptedBefore + 1);
    }

    @Test
    @Order(4)
    void imapMoveIntoJunkTeachesSpamAndBackOutTeachesHam() throws Exception {
        String marker = token();
        assertThat(send(message("newsletter@sender.test", "erin@example.test", marker,
                CLEAN.replace("Hello Erin", "Dear customer " + marker))).code()).isEqualTo(250);
        long learnedBefore = RSPAMD.learned();
        try (Imap imap = Imap.login(IMAP_PORT, "erin@example.test", "erin-secret")) {
            imap.ok("SELECT INBOX");
            long uid = imap.uidOf(marker);
            imap.ok("UID MOVE " + uid + " Junk");
            imap.ok("SELECT Junk");
            long junkUid = imap.uidOf(marker);
            assertThat(imap.ok("UID FETCH " + junkUid + " (FLAGS)")).anyMatch(l -> l.contains("$Junk"));
            awaitAbove(learnedBefore, RSPAMD::learned);

            long learnedAfterSpam = RSPAMD.learned();
            imap.ok("UID MOVE " + junkUid + " INBOX");
            imap.ok("SELECT INBOX");
            long backUid = imap.uidOf(marker);
            List<String> flags = imap.ok("UID FETCH " + backUid + " (FLAGS)");
            assertThat(flags).anyMatch(l -> l.contains("$NotJunk")).noneMatch(l -> l.contains("$Junk "));
            awaitAbove(learnedAfterSpam, RSPAMD::learned);
        }
    }

    /**
     * Issue 15: Sieve's spamtest reads rspamd's verdict. The script writes the value it saw into the stored copy
     * (editheader), which must be rspamd's score against its threshold as the X-Spam-Status field states them.
     */
    @Test
    @Order(5)
    void sieveSpamtestSeesRspamdsScore() throws Exception {
        String user = "sievespam-" + token().substring(1, 9).toLowerCase(java.util.Locale.ROOT) + "@example.test";
        dev.mailwright.store.AccountId id = accounts.createAccount(user, "{noop}unused", false).id();
        sieveScripts.put(id, "main", """
                require ["spamtestplus", "editheader", "variables", "fileinto", "mailbox"];
                if spamtest :percent :matches "*" { addheader "X-Sieve-Spam-Percent" "${1}"; }
                if spamtest :matches "*" { addheader "X-Sieve-Spamtest" "${1}"; }
                fileinto :create "Rated";
                """);
        sieveScripts.activate(id, java.util.Optional.of("main"));
        for (String body : List.of(GTUBE_ADD_HEADER, CLEAN)) {
            String marker = token();
            try (MxClient client = MxClient.connect("127.0.0.1", SMTP_PORT)) {
                client.read();
                assertThat(client.send("rated@sender.test", user, message("rated@sender.test", user, marker, body)).code())
                        .isEqualTo(250);
            }
            String stored = messagesWith(user, store.mailbox(id, "Rated").orElseThrow(), marker).getFirst();
            java.util.regex.Matcher status = java.util.regex.Pattern
                    .compile("(?m)^X-Spam-Status: \\w+, score=(-?[0-9.]+) required=([0-9.]+)").matcher(stored);
            assertThat(status.find()).as(stored).isTrue();
            long percent = Math.round(Math.max(0, Math.min(100,
                    Double.parseDouble(status.group(1)) * 100 / Double.parseDouble(status.group(2)))));
            assertThat(stored).contains("X-Sieve-Spam-Percent: " + percent + "\r\n")
                    .contains("X-Sieve-Spamtest: " + (1 + Math.round(percent * 9 / 100.0f)) + "\r\n");
        }
    }

    @Test
    @Order(10)
    void withRspamdStoppedMailIsStillAcceptedAndMarkedUnscanned() throws Exception {
        RSPAMD.stopRspamd();
        String marker = token();
        MxClient.Reply reply = send(message("colleague@sender.test", "erin@example.test", marker, CLEAN));
        assertThat(reply.code()).as(reply.text()).isEqualTo(250);
        assertThat(inboxWith("erin@example.test", marker)).singleElement().asString()
                .contains("X-Spam-Status: Unscanned, spam filter unavailable\r\n");
    }

    private static MxClient.Reply send(String message) throws IOException {
        try (MxClient client = MxClient.connect("127.0.0.1", SMTP_PORT)) {
            client.read();
            String sender = message.substring(message.indexOf('<') + 1, message.indexOf('>'));
            return client.send(sender, "erin@example.test", message);
        }
    }

    private long count(java.util.function.ToLongFunction<InboundCounters.DomainCounts> column) {
        return counters.lastDay().stream().filter(c -> c.domain().equals("example.test")).mapToLong(column).sum();
    }

    private static void awaitAbove(long before, LongSupplier current) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (current.getAsLong() <= before) {
            assertThat(System.nanoTime()).as("rspamd's learned count did not rise above " + before).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Just enough IMAP over a plain socket: tagged commands, untagged lines collected. */
    private static final class Imap implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        private int tag;

        private Imap(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(30_000);
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        static Imap login(int port, String user, String password) throws IOException {
            Imap imap = new Imap(new Socket("127.0.0.1", port));
            imap.in.readLine();
            imap.ok("LOGIN " + user + " " + password);
            return imap;
        }

        List<String> ok(String command) throws IOException {
            String t = "a" + (++tag);
            out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("closed after " + lines);
                }
                if (line.startsWith(t + " ")) {
                    assertThat(line).as(command).startsWith(t + " OK");
                    return lines;
                }
                lines.add(line);
            }
        }

        /** The UID of the one message whose subject carries {@code marker}. */
        long uidOf(String marker) throws IOException {
            List<String> found = ok("UID SEARCH SUBJECT " + marker);
            String search = found.stream().filter(l -> l.startsWith("* SEARCH")).findFirst().orElseThrow();
            String[] parts = search.trim().split(" ");
            assertThat(parts).as(search).hasSize(3);
            return Long.parseLong(parts[2]);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
