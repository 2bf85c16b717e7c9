package dev.mailwright.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountStore;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageRef;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;

/** RFC 1939 / 2449 / 5034 over a raw socket on the plain listener (plaintext AUTH allowed here). */
@SpringBootTest
@Timeout(120)
class Pop3ProtocolTest extends Pop3TestSupport {
    private static final String PASSWORD = "pop-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        common(registry, true);
        loopbackListener(registry, "pop3");
    }

    AccountStore.Account account;

    @BeforeEach
    void account() {
        account = newAccount("pop", PASSWORD);
    }

    private RawPop3Client login() throws Exception {
        return login(account, PASSWORD);
    }

    private static final String FIRST = "Subject: one\r\nFrom: a@example.test\r\n\r\nfirst body\r\n";
    private static final String SECOND = "Subject: two\r\nFrom: b@example.test\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nlast line\r\n";

    @Test
    void capaShouldListTheRfc2449CapabilitiesBeforeAndAfterLogin() throws Exception {
        try (RawPop3Client client = new RawPop3Client(port("pop3"))) {
            client.line();
            assertThat(client.command("CAPA")).startsWith("+OK");
            assertThat(client.multiline()).contains("TOP", "UIDL", "USER", "SASL PLAIN", "RESP-CODES", "AUTH-RESP-CODE",
                    "PIPELINING", "STLS", "IMPLEMENTATION Mailwright");
            client.command("USER " + account.address());
            client.command("PASS " + PASSWORD);
            assertThat(client.command("CAPA")).startsWith("+OK");
            assertThat(client.multiline()).contains("TOP", "UIDL", "PIPELINING").doesNotContain("USER", "STLS", "SASL PLAIN");
        }
    }

    @Test
    void statListUidlRetrTopShouldDescribeTheMaildropWithExactOctetCounts() throws Exception {
        deliver(account.id(), FIRST);
        deliver(account.id(), SECOND);
        long validity = inbox(account.id()).uidValidity();
        try (RawPop3Client client = login()) {
            int total = FIRST.length() + SECOND.length();
            assertThat(client.command("STAT")).isEqualTo("+OK 2 " + total);
            assertThat(client.command("LIST")).startsWith("+OK");
            assertThat(client.multiline()).containsExactly("1 " + FIRST.length(), "2 " + SECOND.length());
            assertThat(client.command("LIST 2")).isEqualTo("+OK 2 " + SECOND.length());
            assertThat(client.command("UIDL")).startsWith("+OK");
            List<String> uidl = client.multiline();
            assertThat(uidl).hasSize(2);
            assertThat(uidl.get(0)).startsWith("1 " + validity + ".");
            assertThat(client.command("UIDL 1")).isEqualTo("+OK " + uidl.get(0));

            assertThat(client.command("RETR 2")).startsWith("+OK");
            byte[] sent = client.multilineBytes();
            assertThat(new String(sent, StandardCharsets.UTF_8)).as("dot-stuffing undone by the client gives the message")
                    .isEqualTo(SECOND);
            assertThat(sent.length).as("LIST's octet count is what RETR sends").isEqualTo(SECOND.length());

            assertThat(client.command("TOP 2 1")).startsWith("+OK");
            assertThat(client.multiline()).containsExactly("Subject: two", "From: b@example.test", "", ".leading dot");
            assertThat(client.command("TOP 1 0")).startsWith("+OK");
            assertThat(client.multiline()).containsExactly("Subject: one", "From: a@example.test", "");
            assertThat(client.command("QUIT")).startsWith("+OK");
        }
    }

    @Test
    void dotStuffingShouldDoubleEveryLeadingDotOnTheWire() throws Exception {
        deliver(account.id(), SECOND);
        try (RawPop3Client client = login()) {
            assertThat(client.command("RETR 1")).startsWith("+OK");
            StringBuilder wire = new StringBuilder();
            String line;
            while (!(line = client.line()).equals(".")) {
                wire.append(line).append('\n');
            }
            assertThat(wire.toString()).contains("\n..leading dot\n", "\n...two dots\n", "\n..\n");
        }
    }

    @Test
    void bareLineFeedsInAStoredMessageShouldBeSentAsCrlf() throws Exception {
        store.append(account.id(), "INBOX", dev.mailwright.store.MessageSource.of(
                "Subject: lf\n\nline one\nline two".getBytes(StandardCharsets.US_ASCII)), Flags.NONE, Optional.empty());
        try (RawPop3Client client = login()) {
            assertThat(client.command("RETR 1")).startsWith("+OK");
            // RawPop3Client refuses any line not ended by CRLF
            assertThat(new String(client.multilineBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("Subject: lf\r\n\r\nline one\r\nline two\r\n");
        }
    }

    @Test
    void deleShouldExpungeOnlyAtQuitAndRsetShouldUndo() throws Exception {
        deliver(account.id(), FIRST);
        deliver(account.id(), SECOND);
        try (RawPop3Client client = login()) {
            assertThat(client.command("DELE 1")).startsWith("+OK");
            assertThat(client.command("DELE 1")).startsWith("-ERR");
            assertThat(client.command("RETR 1")).startsWith("-ERR");
            assertThat(client.command("STAT")).isEqualTo("+OK 1 " + SECOND.length());
            assertThat(client.command("RSET")).startsWith("+OK");
            assertThat(client.command("STAT")).startsWith("+OK 2 ");
            assertThat(client.command("DELE 2")).startsWith("+OK");
            assertThat(inbox(account.id()).messages()).as("nothing happens before UPDATE").isEqualTo(2);
            assertThat(client.command("QUIT")).startsWith("+OK");
        }
        assertThat(subjects()).containsExactly("one");
    }

    @Test
    void aDroppedConnectionShouldExpungeNothing() throws Exception {
        deliver(account.id(), FIRST);
        try (RawPop3Client client = login()) {
            assertThat(client.command("DELE 1")).startsWith("+OK");
        }
        assertThat(inbox(account.id()).messages()).isEqualTo(1);
        // and the lock is released once the server has seen the connection close (that takes a moment on a loaded
        // machine; until then [IN-USE] is the right answer): the next session gets in
        try (RawPop3Client client = loginOnceReleased()) {
            assertThat(client.command("STAT")).startsWith("+OK 1 ");
        }
    }

    private RawPop3Client loginOnceReleased() throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (true) {
            RawPop3Client client = new RawPop3Client(port("pop3"));
            assertThat(client.line()).startsWith("+OK ");
            assertThat(client.command("USER " + account.address())).startsWith("+OK");
            String pass = client.command("PASS " + PASSWORD);
            if (pass.startsWith("+OK")) {
                return client;
            }
            client.close();
            assertThat(pass).as("only the dropped session's lock may refuse").startsWith("-ERR [IN-USE]");
            assertThat(System.nanoTime()).as("the dropped session's lock is released").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void uidlShouldStayTheSameInTheNextSessionAndNewMailShouldWaitForIt() throws Exception {
        deliver(account.id(), FIRST);
        List<String> before;
        try (RawPop3Client client = login()) {
            client.command("UIDL");
            before = client.multiline();
            deliver(account.id(), SECOND);
            assertThat(client.command("STAT")).as("the snapshot at login").startsWith("+OK 1 ");
            assertThat(client.command("LIST 2")).startsWith("-ERR");
            client.command("QUIT");
        }
        try (RawPop3Client client = login()) {
            assertThat(client.command("STAT")).startsWith("+OK 2 ");
            client.command("UIDL");
            List<String> after = client.multiline();
            assertThat(after).hasSize(2).startsWith(before.getFirst());
            assertThat(after.get(1)).isNotEqualTo(after.get(0).replace("1 ", "2 "));
        }
    }

    @Test
    void aSecondSessionOfTheSameAccountShouldGetInUse() throws Exception {
        try (RawPop3Client first = login(); RawPop3Client second = new RawPop3Client(port("pop3"))) {
            second.line();
            second.command("USER " + account.address());
            assertThat(second.command("PASS " + PASSWORD)).startsWith("-ERR [IN-USE]");
            assertThat(first.command("NOOP")).isEqualTo("+OK");
        }
    }

    @Test
    void retrOfAMessageAnotherClientExpungedShouldBeAnErrorAndQuitShouldStillWork() throws Exception {
        deliver(account.id(), FIRST);
        deliver(account.id(), SECOND);
        try (RawPop3Client client = login()) {
            long uid = firstUid();
            store.updateFlags(account.id(), inbox(account.id()).id(), UidSet.of(uid), MailStore.FlagChange.ADD,
                    Flags.of(SystemFlag.DELETED), Optional.empty());
            store.expunge(account.id(), inbox(account.id()).id(), Optional.empty());
            assertThat(client.command("RETR 1")).startsWith("-ERR");
            assertThat(client.command("TOP 1 0")).startsWith("-ERR");
            assertThat(client.command("RETR 2")).startsWith("+OK");
            client.multiline();
            assertThat(client.command("DELE 1")).startsWith("+OK");
            assertThat(client.command("QUIT")).startsWith("+OK");
        }
        assertThat(subjects()).containsExactly("two");
    }

    @Test
    void authPlainShouldWorkWithInitialResponseAndWithContinuation() throws Exception {
        String credentials = Base64.getEncoder().encodeToString(("\0" + account.address() + "\0" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        try (RawPop3Client client = new RawPop3Client(port("pop3"))) {
            client.line();
            assertThat(client.command("AUTH PLAIN " + credentials)).startsWith("+OK");
            // QUIT, not a dropped connection: the server frees the maildrop before it answers, so the next session
            // cannot race the release (a flake in CI: -ERR [IN-USE])
            assertThat(client.command("QUIT")).startsWith("+OK");
        }
        try (RawPop3Client client = new RawPop3Client(port("pop3"))) {
            client.line();
            assertThat(client.command("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(client.command("*")).startsWith("-ERR");
            assertThat(client.command("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(client.command(credentials)).startsWith("+OK");
            assertThat(client.command("STAT")).startsWith("+OK 0 0");
        }
    }

    @Test
    void wrongCredentialsShouldGetTheAuthCode() throws Exception {
        try (RawPop3Client client = new RawPop3Client(port("pop3"))) {
            client.line();
            client.command("USER " + account.address());
            assertThat(client.command("PASS wrong")).startsWith("-ERR [AUTH]");
            assertThat(client.command("PASS " + PASSWORD)).as("a failed PASS starts over with USER").startsWith("-ERR");
            String bad = Base64.getEncoder().encodeToString(("\0" + account.address() + "\0nope").getBytes(StandardCharsets.UTF_8));
            assertThat(client.command("AUTH PLAIN " + bad)).startsWith("-ERR [AUTH]");
            assertThat(client.command("AUTH PLAIN !!!")).startsWith("-ERR [AUTH]");
            assertThat(client.command("AUTH CRAM-MD5")).startsWith("-ERR");
            assertThat(client.command("STAT")).startsWith("-ERR");
        }
    }

    @Test
    void badArgumentsShouldGetErrorsNotCrashes() throws Exception {
        deliver(account.id(), FIRST);
        try (RawPop3Client client = login()) {
            // nine syntax errors (max-bad-commands is 10) and two numbers of messages that do not exist
            for (String command : List.of("RETR", "RETR 0", "RETR -1", "RETR 99999999999999", "RETR 2", "TOP 1",
                    "TOP 1 x", "LIST a", "DELE", "FOO", "USER x", "")) {
                assertThat(client.command(command)).as(command).startsWith("-ERR");
            }
            assertThat(client.command("noop")).as("keywords are case-insensitive").isEqualTo("+OK");
        }
    }

    @Test
    void pipelinedCommandsShouldBeAnsweredInOrder() throws Exception {
        deliver(account.id(), FIRST);
        try (RawPop3Client client = new RawPop3Client(port("pop3"))) {
            client.line();
            client.send("USER " + account.address() + "\r\nPASS " + PASSWORD + "\r\nSTAT\r\nLIST\r\nRETR 1\r\nQUIT\r\n");
            assertThat(client.line()).startsWith("+OK");
            assertThat(client.line()).startsWith("+OK");
            assertThat(client.line()).isEqualTo("+OK 1 " + FIRST.length());
            assertThat(client.line()).startsWith("+OK");
            assertThat(client.multiline()).containsExactly("1 " + FIRST.length());
            assertThat(client.line()).startsWith("+OK");
            assertThat(new String(client.multilineBytes(), StandardCharsets.UTF_8)).isEqualTo(FIRST);
            assertThat(client.line()).startsWith("+OK");
        }
    }

    private long firstUid() {
        long[] first = {0};
        store.forEachMessage(inbox(account.id()).id(), UidSet.ALL, (MessageRef ref) -> {
            if (first[0] == 0) {
                first[0] = ref.uid();
            }
        });
        return first[0];
    }

    private List<String> subjects() {
        List<String> subjects = new java.util.ArrayList<>();
        store.forEachMeta(inbox(account.id()).id(), UidSet.ALL, meta -> subjects.add(meta.subject()));
        return subjects;
    }
}
