package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.net.ListenerSpec;
import dev.mailwright.net.TlsMode;

/** Edge cases over a real loopback socket: literals, limits, bad input (plaintext auth allowed on loopback). */
@SpringBootTest
class ImapSocketTest extends ImapListenerTest {
    static final String PASSWORD = "socket-secret";
    static final int MAX_BAD = 12;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        ImapTestSupport.loopbackListener(registry, "imap");
        registry.add("mailwright.imap-limits.append-limit", () -> "1MB");
        registry.add("mailwright.imap-limits.max-command-line", () -> "2000");
        registry.add("mailwright.imap-limits.max-bad-commands", () -> Integer.toString(MAX_BAD));
        registry.add("mailwright.imap-limits.login-timeout", () -> "1500ms");
        registry.add("mailwright.imap-limits.max-connections-per-account", () -> "3");
    }

    String user;

    @BeforeEach
    void account() {
        user = newAccount("raw", PASSWORD).address();
    }

    private RawImapClient connect() throws Exception {
        RawImapClient client = new RawImapClient("127.0.0.1", listeners.boundPort("imap"));
        assertThat(client.line()).startsWith("* OK [CAPABILITY IMAP4rev1 ").contains("AUTH=PLAIN").contains("STARTTLS");
        return client;
    }

    private RawImapClient loggedIn() throws Exception {
        RawImapClient client = connect();
        client.send("l1 LOGIN \"" + user + "\" " + PASSWORD + "\r\n");
        assertThat(client.until("l1").getLast()).startsWith("l1 OK [CAPABILITY IMAP4rev1");
        return client;
    }

    @TestFactory
    Stream<DynamicTest> transcriptsShouldAlsoPassOverRealSockets() throws Exception {
        return ImapTranscriptTest.transcripts(List.of(TranscriptRunner.Feed.WHOLE),
                TranscriptRunner.overSocket(listeners.boundPort("imap")), accounts, encoder);
    }

    @Test
    void literalAboveTheBeforeLoginLimitShouldBeRefusedWithoutContinuation() throws Exception {
        try (RawImapClient client = connect()) {
            client.send("a1 LOGIN {9000}\r\n");
            assertThat(client.line()).isEqualTo("a1 BAD [TOOBIG] Literal too large before authentication");
            client.send("a2 NOOP\r\n");
            assertThat(client.line()).isEqualTo("a2 OK NOOP completed");
        }
    }

    @Test
    void hugeNonSynchronizingLiteralBeforeLoginShouldEndTheConnectionWithBye() throws Exception {
        try (RawImapClient client = connect()) {
            client.send("a1 LOGIN {50000000+}\r\nxxxx");
            assertThat(client.line()).isEqualTo("* BYE Literal too large before authentication");
            assertThat(client.line()).isNull();
        }
    }

    @Test
    void synchronizingLiteralLoginShouldGetAContinuationAndSucceed() throws Exception {
        try (RawImapClient client = connect()) {
            byte[] name = user.getBytes(StandardCharsets.UTF_8);
            client.send("a1 LOGIN {" + name.length + "}\r\n");
            assertThat(client.line()).startsWith("+ ");
            client.send(user + " {" + PASSWORD.length() + "+}\r\n" + PASSWORD + "\r\n");
            assertThat(client.line()).startsWith("a1 OK [CAPABILITY");
        }
    }

    @Test
    void appendAboveTheAppendLimitShouldAnswerTooBigBeforeTheContinuation() throws Exception {
        try (RawImapClient client = loggedIn()) {
            client.send("a1 APPEND INBOX {2000000}\r\n");
            assertThat(client.line()).startsWith("a1 NO [TOOBIG]");
            client.send("a2 NOOP\r\n");
            assertThat(client.line()).isEqualTo("a2 OK NOOP completed");
        }
    }

    @Test
    void nonSynchronizingAppendAboveTheLimitShouldBeReadDroppedAndRefused() throws Exception {
        try (RawImapClient client = loggedIn()) {
            int size = 1_200_000;
            byte[] body = new byte[size];
            java.util.Arrays.fill(body, (byte) 'x');
            client.send("a1 APPEND INBOX {" + size + "+}\r\n");
            client.send(body);
            client.send("\r\na2 NOOP\r\n");
            assertThat(client.line()).startsWith("a1 NO [TOOBIG]");
            assertThat(client.line()).isEqualTo("a2 OK NOOP completed");
            assertThat(store.mailbox(accounts.findAccount(user).orElseThrow().id(), "INBOX").orElseThrow().messages()).isZero();
        }
    }

    @Test
    void largeAppendShouldBeSpooledAndStoredWhole() throws Exception {
        try (RawImapClient client = loggedIn()) {
            StringBuilder message = new StringBuilder("Subject: big\r\n\r\n");
            while (message.length() < 600_000) {
                message.append("0123456789012345678901234567890123456789012345678901234567890123456789\r\n");
            }
            byte[] bytes = message.toString().getBytes(StandardCharsets.US_ASCII);
            client.send("a1 APPEND INBOX {" + bytes.length + "}\r\n");
            assertThat(client.line()).startsWith("+ ");
            client.send(bytes);
            client.send("\r\n");
            assertThat(client.line()).startsWith("a1 OK [APPENDUID ");
            client.send("a2 SELECT INBOX\r\n");
            client.until("a2");
            client.send("a3 FETCH 1 RFC822.SIZE\r\n");
            assertThat(client.line()).isEqualTo("* 1 FETCH (RFC822.SIZE " + bytes.length + ")");
        }
    }

    @Test
    void silentClientShouldBeLoggedOutBeforeLogin() throws Exception {
        long start = System.nanoTime();
        try (RawImapClient client = connect()) {
            assertThat(client.line()).isEqualTo("* BYE Autologout; idle for too long");
            assertThat(client.line()).isNull();
            assertThat((System.nanoTime() - start) / 1_000_000).as("login timeout is 1500 ms").isBetween(1400L, 4900L);
        }
    }

    @Test
    void loginBeyondTheSessionsPerAccountShouldAnswerLimitUntilOneLeaves() throws Exception {
        List<RawImapClient> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(loggedIn());
            }
            try (RawImapClient fourth = connect()) {
                fourth.send("a1 LOGIN \"" + user + "\" " + PASSWORD + "\r\n");
                assertThat(fourth.line()).startsWith("a1 NO [LIMIT]");
                open.removeFirst().close();
                String answer = "";
                for (int attempt = 2; attempt < 40 && !answer.startsWith("a" + (attempt - 1) + " OK"); attempt++) {
                    Thread.sleep(100);
                    fourth.send("a" + attempt + " LOGIN \"" + user + "\" " + PASSWORD + "\r\n");
                    answer = fourth.line();
                }
                assertThat(answer).contains("OK [CAPABILITY");
            }
        } finally {
            for (RawImapClient c : open) {
                c.close();
            }
        }
    }

    @Test
    void listenersShouldBeDeclaredWithAByeRefusal(@Autowired List<ListenerSpec> specs) {
        assertThat(specs).filteredOn(s -> s.name().startsWith("imap"))
                .extracting(ListenerSpec::name, ListenerSpec::tlsMode)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("imap", TlsMode.PLAIN),
                        org.assertj.core.groups.Tuple.tuple("imaps", TlsMode.IMPLICIT));
        assertThat(specs.stream().filter(s -> s.name().equals("imap")).findFirst().orElseThrow().handler().refusal())
                .isEqualTo("* BYE Too many connections\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void tooLongLineShouldAnswerBadAndTheSessionGoesOn() throws Exception {
        try (RawImapClient client = loggedIn()) {
            client.send("a1 NOOP " + "x".repeat(5000) + "\r\n");
            assertThat(client.line()).isEqualTo("a1 BAD Command line too long");
            client.send("a2 NOOP\r\n");
            assertThat(client.line()).isEqualTo("a2 OK NOOP completed");
        }
    }

    @Test
    void tooManyBadCommandsShouldEndTheSession() throws Exception {
        try (RawImapClient client = connect()) {
            for (int i = 1; i < MAX_BAD; i++) {
                client.send("b" + i + " BOGUS\r\n");
                assertThat(client.line()).startsWith("b" + i + " BAD");
            }
            client.send("last BOGUS\r\n");
            List<String> rest = List.of(client.line(), client.line());
            assertThat(rest).containsExactly("last BAD Unknown command BOGUS", "* BYE Too many invalid commands");
            assertThat(client.line()).isNull();
        }
    }

    /**
     * A message appended by a session that has the mailbox selected is \Recent in that session, claimed by the APPEND's
     * own transaction (issue 17), and in no other; under EXAMINE nothing is claimed.
     */
    @Test
    void aMessageAppendedToTheSelectedMailboxShouldBeRecentForTheAppenderOnly() throws Exception {
        String message = "Subject: mine\r\n\r\nhello\r\n";
        try (RawImapClient appender = loggedIn(); RawImapClient other = loggedIn(); RawImapClient examiner = loggedIn()) {
            appender.send("a1 SELECT INBOX\r\n");
            assertThat(appender.until("a1")).contains("* 0 RECENT");
            examiner.send("e1 EXAMINE INBOX\r\n");
            examiner.until("e1");
            appender.send("a2 APPEND INBOX {" + message.length() + "}\r\n");
            assertThat(appender.line()).startsWith("+ ");
            appender.send(message + "\r\n");
            List<String> answer = appender.until("a2");
            assertThat(answer).contains("* 1 EXISTS", "* 1 RECENT");
            assertThat(answer.getLast()).startsWith("a2 OK [APPENDUID ");
            appender.send("a3 FETCH 1 (FLAGS)\r\n");
            assertThat(appender.until("a3")).contains("* 1 FETCH (FLAGS (\\Recent))");

            other.send("o1 SELECT INBOX\r\n");
            assertThat(other.until("o1")).contains("* 1 EXISTS", "* 0 RECENT");
            examiner.send("e2 NOOP\r\n");
            assertThat(examiner.until("e2")).contains("* 1 EXISTS", "* 0 RECENT");

            // an APPEND from a session that only examines the mailbox claims nothing: the next SELECT gets it
            examiner.send("e3 APPEND INBOX {" + message.length() + "}\r\n");
            assertThat(examiner.line()).startsWith("+ ");
            examiner.send(message + "\r\n");
            assertThat(examiner.until("e3")).contains("* 2 EXISTS", "* 1 RECENT");
            other.send("o2 SELECT INBOX\r\n");
            assertThat(other.until("o2")).contains("* 2 EXISTS", "* 1 RECENT");
            appender.send("a4 NOOP\r\n");
            assertThat(appender.until("a4")).contains("* 2 EXISTS", "* 1 RECENT");
        }
    }

    @Test
    void idleShouldPushExistsFromADeliveryWithinASecond() throws Exception {
        try (RawImapClient client = loggedIn()) {
            client.send("a1 SELECT INBOX\r\n");
            client.until("a1");
            client.send("a2 IDLE\r\n");
            assertThat(client.line()).isEqualTo("+ idling");
            long start = System.nanoTime();
            store.deliver(dev.mailwright.store.MessageSource.of("Subject: pushed\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)),
                    List.of(accounts.findAccount(user).orElseThrow().id()));
            assertThat(client.line()).isEqualTo("* 1 EXISTS");
            assertThat(client.line()).isEqualTo("* 1 RECENT");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1500);
            client.send("DONE\r\n");
            assertThat(client.line()).isEqualTo("a2 OK IDLE terminated");
        }
    }
}
