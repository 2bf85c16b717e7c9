package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SEARCHRES and CONTEXT=SEARCH over a real loopback socket: commands pipelined after SEARCH ... SAVE (RFC 5182 §2.3),
 * updates pushed during IDLE (RFC 5267 §4.3.2), the configured limits on kept searches, and Python's imaplib as a
 * real client. Time budget: about 15 s besides the Spring context (imaplib runs once, capped at 60 s).
 */
@SpringBootTest
class SearchResultsSocketTest extends ImapListenerTest {
    static final String PASSWORD = "searchres-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        ImapTestSupport.loopbackListener(registry, "imap");
        registry.add("mailwright.imap-limits.max-search-updates", () -> "2");
        registry.add("mailwright.imap-limits.max-search-update-results", () -> "3");
    }

    String user;

    @BeforeEach
    void account() {
        user = newAccount("searchres", PASSWORD).address();
    }

    private RawImapClient loggedIn() throws Exception {
        RawImapClient client = new RawImapClient("127.0.0.1", listeners.boundPort("imap"));
        client.socket().setSoTimeout(30_000);   // a loaded build machine
        assertThat(client.line()).startsWith("* OK [CAPABILITY ").contains(" SEARCHRES", " CONTEXT=SEARCH");
        client.send("l1 LOGIN \"" + user + "\" " + PASSWORD + "\r\n");
        assertThat(client.until("l1").getLast()).startsWith("l1 OK");
        return client;
    }

    private static void append(RawImapClient client, String tag, String flags, String subject) throws Exception {
        String message = "Subject: " + subject + "\r\n\r\nbody\r\n";
        client.send(tag + " APPEND INBOX " + flags + " {" + message.length() + "+}\r\n" + message + "\r\n");
        assertThat(client.until(tag).getLast()).startsWith(tag + " OK");
    }

    @Test
    void commandsPipelinedAfterSearchSaveShouldUseTheSavedResult() throws Exception {
        try (RawImapClient client = loggedIn()) {
            append(client, "a1", "(\\Flagged)", "one");
            append(client, "a2", "()", "two");
            append(client, "a3", "(\\Flagged)", "three");
            append(client, "a4", "()", "four");
            client.send("a5 SELECT INBOX\r\n");
            client.until("a5");

            // RFC 5182 §2.3: the client need not wait for the SEARCH before using "$"
            client.send("p1 SEARCH RETURN (SAVE) FLAGGED\r\np2 FETCH $ (UID)\r\np3 UID STORE $ +FLAGS.SILENT (\\Deleted)\r\n"
                    + "p4 UID EXPUNGE $\r\np5 SEARCH $\r\np6 UID SEARCH ALL\r\n");

            assertThat(client.until("p1")).containsExactly("p1 OK SEARCH completed, result saved");
            assertThat(client.until("p2")).containsExactly("* 1 FETCH (UID 1)", "* 3 FETCH (UID 3)", "p2 OK FETCH completed");
            assertThat(client.until("p3")).containsExactly("p3 OK STORE completed");
            assertThat(client.until("p4")).containsExactly("* 1 EXPUNGE", "* 2 EXPUNGE", "p4 OK EXPUNGE completed");
            assertThat(client.until("p5")).containsExactly("* SEARCH", "p5 OK SEARCH completed");
            assertThat(client.until("p6")).containsExactly("* SEARCH 2 4", "p6 OK SEARCH completed");
        }
    }

    @Test
    void idleShouldReceiveAddtoAndRemovefromAsAnotherSessionDeliversAndFlags() throws Exception {
        try (RawImapClient watcher = loggedIn(); RawImapClient other = loggedIn()) {
            append(watcher, "a1", "(\\Seen)", "old");
            watcher.send("a2 SELECT INBOX\r\n");
            watcher.until("a2");
            watcher.send("u1 UID SEARCH RETURN (UPDATE) UNSEEN\r\n");
            assertThat(watcher.until("u1")).containsExactly("* ESEARCH (TAG \"u1\") UID", "u1 OK SEARCH completed, will notify");
            watcher.send("i1 IDLE\r\n");
            assertThat(watcher.line()).startsWith("+ ");

            append(other, "b1", "()", "new");
            List<String> pushed = linesUntil(watcher, "* ESEARCH");
            assertThat(pushed).contains("* 2 EXISTS");
            assertThat(pushed.getLast()).isEqualTo("* ESEARCH (TAG \"u1\") UID ADDTO (0 2)");
            assertThat(pushed.indexOf("* 2 EXISTS")).isLessThan(pushed.size() - 1);   // ADDTO after EXISTS (RFC 5267 §4.3.3)

            other.send("b2 SELECT INBOX\r\nb3 UID STORE 2 +FLAGS.SILENT (\\Seen)\r\n");
            other.until("b3");
            assertThat(linesUntil(watcher, "* ESEARCH").getLast()).isEqualTo("* ESEARCH (TAG \"u1\") UID REMOVEFROM (0 2)");

            watcher.send("DONE\r\n");
            assertThat(watcher.until("i1").getLast()).isEqualTo("i1 OK IDLE terminated");
        }
    }

    /**
     * A session does not read its own flag changes back from the store (a STORE 1:* would re-read the mailbox), nor
     * anything when only its own changes are pending, yet a kept search still follows them, and another session's
     * changes made before and after still reach it.
     */
    @Test
    void ownStoreShouldUpdateAKeptSearchWhileOtherSessionsChangesAroundItAreAnnounced() throws Exception {
        try (RawImapClient client = loggedIn(); RawImapClient other = loggedIn()) {
            for (int i = 1; i <= 3; i++) {
                append(client, "a" + i, "()", "message " + i);
            }
            client.send("a5 SELECT INBOX\r\n");
            client.until("a5");
            other.send("b1 SELECT INBOX\r\n");
            other.until("b1");
            client.send("u1 UID SEARCH RETURN (UPDATE) UNSEEN\r\n");
            assertThat(client.until("u1")).containsExactly("* ESEARCH (TAG \"u1\") UID",
                    "u1 OK SEARCH completed, will notify");

            other.send("b2 UID STORE 1 +FLAGS.SILENT (\\Flagged)\r\n");
            other.until("b2");
            client.send("s1 UID STORE 2 +FLAGS (\\Seen)\r\n");
            List<String> seen = new ArrayList<>(client.until("s1"));
            client.send("s2 UID STORE 1 +FLAGS.SILENT (\\Seen)\r\n");   // only its own change pending: nothing read
            seen.addAll(client.until("s2"));
            other.send("b3 UID STORE 3 +FLAGS.SILENT (\\Seen)\r\n");
            other.until("b3");
            client.send("n1 NOOP\r\n");
            seen.addAll(client.until("n1"));

            assertThat(seen).contains("* 2 FETCH (FLAGS (\\Seen \\Recent) UID 2)", "* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))",
                    "* 3 FETCH (UID 3 FLAGS (\\Seen \\Recent))", "* ESEARCH (TAG \"u1\") UID REMOVEFROM (0 2)",
                    "* ESEARCH (TAG \"u1\") UID REMOVEFROM (0 1)", "* ESEARCH (TAG \"u1\") UID REMOVEFROM (0 3)");
            assertThat(seen.stream().filter(line -> line.startsWith("* 2 FETCH"))).hasSize(1);   // reported by the STORE
        }
    }

    /**
     * A STORE .SILENT of a message another session changed since this one last looked rewrites the row with this
     * session's modseq, so no later read of the changes finds the other's change: the STORE reports it itself, and
     * only that message. Without the other's change .SILENT stays silent.
     */
    @Test
    void silentStoreShouldStillReportAnotherSessionsChangeToTheSameMessage() throws Exception {
        try (RawImapClient client = loggedIn(); RawImapClient other = loggedIn()) {
            for (int i = 1; i <= 2; i++) {
                append(client, "a" + i, "()", "message " + i);
            }
            client.send("a5 SELECT INBOX\r\n");
            client.until("a5");
            other.send("b1 SELECT INBOX\r\nb2 UID STORE 1 +FLAGS.SILENT (\\Flagged)\r\n");
            other.until("b2");

            client.send("s1 UID STORE 1:2 +FLAGS.SILENT (\\Seen)\r\n");
            List<String> seen = new ArrayList<>(client.until("s1"));
            client.send("n1 NOOP\r\n");
            seen.addAll(client.until("n1"));

            assertThat(seen).containsExactly("* 1 FETCH (FLAGS (\\Seen \\Flagged \\Recent) UID 1)", "s1 OK STORE completed",
                    "n1 OK NOOP completed");

            client.send("s2 UID STORE 1:2 -FLAGS.SILENT (\\Seen)\r\nn2 NOOP\r\n");
            assertThat(client.until("s2")).containsExactly("s2 OK STORE completed");
            assertThat(client.until("n2")).containsExactly("n2 OK NOOP completed");
        }
    }

    @Test
    void searchesBeyondTheConfiguredLimitsShouldBeAnsweredWithNoupdateAndNotKept() throws Exception {
        try (RawImapClient client = loggedIn()) {
            for (int i = 1; i <= 4; i++) {
                append(client, "a" + i, "()", "m" + i);
            }
            client.send("a5 SELECT INBOX\r\n");
            client.until("a5");
            client.send("u1 SEARCH RETURN (UPDATE) DELETED\r\nu2 SEARCH RETURN (UPDATE) FLAGGED\r\n");
            assertThat(client.until("u2").getLast()).isEqualTo("u2 OK SEARCH completed, will notify");

            client.send("u3 SEARCH RETURN (UPDATE COUNT) SEEN\r\n");   // max-search-updates = 2
            assertThat(client.until("u3")).containsExactly("* ESEARCH (TAG \"u3\") COUNT 0",
                    "* NO [NOUPDATE \"u3\"] Too many searches kept up to date, at most 2", "u3 OK SEARCH completed, will not notify");

            client.send("c1 CANCELUPDATE \"u1\"\r\nu4 UID SEARCH RETURN (UPDATE COUNT) ALL\r\n");   // max-search-update-results = 3
            assertThat(client.until("u4")).containsExactly("c1 OK CANCELUPDATE completed", "* ESEARCH (TAG \"u4\") UID COUNT 4",
                    "* NO [NOUPDATE \"u4\"] Too many matches to keep up to date, at most 3", "u4 OK SEARCH completed, will not notify");

            client.send("u5 UID SEARCH RETURN (UPDATE) UID 2:4\r\ns1 STORE 1:4 +FLAGS.SILENT (\\Flagged)\r\n");
            assertThat(client.until("u5").getLast()).isEqualTo("u5 OK SEARCH completed, will notify");
            // u2 (FLAGGED) would now match 4 > max-search-update-results: dropped, and the client is told
            assertThat(client.until("s1")).containsExactly(
                    "* NO [NOUPDATE \"u2\"] Too many matches to keep up to date, at most 3; updates stopped", "s1 OK STORE completed");
            client.send("c2 CANCELUPDATE \"u2\"\r\nc3 CANCELUPDATE \"u5\"\r\n");
            assertThat(client.until("c3")).containsExactly("c2 NO No search with tag u2 is kept up to date",
                    "c3 OK CANCELUPDATE completed");
        }
    }

    /** Python's imaplib (a client written independently of us) saving a search and fetching, storing and paging through it. */
    @Test
    void pythonImaplibShouldSaveASearchAndUseTheDollarMarker() throws Exception {
        RealClientsTest.requireProgram("python3");
        try (RawImapClient client = loggedIn()) {
            append(client, "a1", "(\\Flagged)", "one");
            append(client, "a2", "()", "two");
            append(client, "a3", "(\\Flagged)", "three");
        }
        Path script = Files.createTempFile("searchres", ".py");
        Files.writeString(script, """
                import imaplib, sys
                m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
                m.login(sys.argv[2], sys.argv[3])
                print('CAPS', 'SEARCHRES' in m.capabilities, 'CONTEXT=SEARCH' in m.capabilities)
                m.select('INBOX')
                typ, data = m.uid('SEARCH', 'RETURN', '(SAVE)', 'FLAGGED')
                print('SAVE', typ)
                typ, data = m.uid('FETCH', '$', '(FLAGS)')
                print('FETCH', typ, ';'.join(sorted(d.decode() for d in data if d)))
                typ, data = m.uid('STORE', '$', '+FLAGS', '(\\\\Seen)')
                print('STORE', typ)
                typ, data = m.search(None, 'SEEN')
                print('SEEN', typ, data[0].decode())
                typ, data = m.uid('SEARCH', 'RETURN', '(PARTIAL', '-1:-1)', 'ALL')
                esearch = m.response('ESEARCH')[1][0].decode()
                print('PARTIAL', typ, esearch[esearch.index(')') + 2:])
                m.logout()
                """);
        Process process = new ProcessBuilder("python3", script.toString(), Integer.toString(listeners.boundPort("imap")), user, PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("imaplib finished").isTrue();
        List<String> out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        Files.deleteIfExists(script);
        assertThat(process.exitValue()).as(String.join("\n", out)).isZero();
        assertThat(out).containsExactly(
                "CAPS True True",
                "SAVE OK",
                "FETCH OK 1 (UID 1 FLAGS (\\Flagged \\Recent));3 (UID 3 FLAGS (\\Flagged \\Recent))",
                "STORE OK",
                "SEEN OK 1 3",
                "PARTIAL OK UID PARTIAL (-1:-1 3)");
    }

    /** Lines until one that starts with {@code prefix} (included). */
    private static List<String> linesUntil(RawImapClient client, String prefix) throws Exception {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = client.line()) != null) {
            lines.add(line);
            if (line.startsWith(prefix)) {
                return lines;
            }
        }
        throw new AssertionError("connection closed before " + prefix + ": " + lines);
    }
}
