package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountStore;

/**
 * OBJECTID (RFC 8474) values compared across commands over a real socket, which a transcript cannot do: EMAILID is
 * kept by COPY and MOVE, THREADID is shared by a reply, MAILBOXID survives RENAME and changes after DELETE + CREATE,
 * and SEARCH EMAILID/THREADID find exactly those messages.
 */
@SpringBootTest
class ImapObjectIdTest extends ImapListenerTest {
    static final String PASSWORD = "ids-secret";
    private static final Pattern MAILBOX_ID = Pattern.compile("MAILBOXID \\((F[0-9]+)\\)");
    private static final Pattern EMAIL_ID = Pattern.compile("EMAILID \\((M[0-9]+)\\)");
    private static final Pattern THREAD_ID = Pattern.compile("THREADID \\((T[0-9a-f]{24})\\)");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        ImapTestSupport.loopbackListener(registry, "imap");
    }

    AccountStore.Account account;

    @BeforeEach
    void account() {
        account = newAccount("ids", PASSWORD);
    }

    private RawImapClient login() throws Exception {
        RawImapClient client = new RawImapClient("127.0.0.1", listeners.boundPort("imap"));
        assertThat(client.line()).contains(" OBJECTID", " SAVEDATE", " PREVIEW", " COMPRESS=DEFLATE");
        client.send("l1 LOGIN " + account.address() + " " + PASSWORD + "\r\n");
        assertThat(client.until("l1").getLast()).startsWith("l1 OK");
        return client;
    }

    private static void append(RawImapClient client, String tag, String mailbox, String message) throws Exception {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        client.send(tag + " APPEND " + mailbox + " {" + bytes.length + "+}\r\n" + message + "\r\n");
        assertThat(client.until(tag).getLast()).startsWith(tag + " OK");
    }

    private static String first(Pattern pattern, List<String> lines) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no " + pattern + " in " + lines);
    }

    private static String fetched(Pattern pattern, List<String> lines, int msn) {
        return first(pattern, lines.stream().filter(l -> l.startsWith("* " + msn + " FETCH ")).toList());
    }

    @Test
    void mailboxIdShouldSurviveRenameAndChangeAfterDeleteAndCreate() throws Exception {
        try (RawImapClient client = login()) {
            client.send("a1 CREATE Projects\r\n");
            String created = first(MAILBOX_ID, client.until("a1"));
            client.send("a2 SELECT Projects\r\n");
            assertThat(first(MAILBOX_ID, client.until("a2"))).isEqualTo(created);
            client.send("a3 UNSELECT\r\n");
            client.until("a3");
            client.send("a4 RENAME Projects Done\r\n");
            assertThat(client.until("a4").getLast()).startsWith("a4 OK");
            client.send("a5 STATUS Done (MAILBOXID)\r\n");
            assertThat(first(MAILBOX_ID, client.until("a5"))).isEqualTo(created);
            client.send("a6 DELETE Done\r\n");
            client.until("a6");
            client.send("a7 CREATE Done\r\n");
            assertThat(first(MAILBOX_ID, client.until("a7"))).isNotEqualTo(created);
            client.send("a8 EXAMINE INBOX\r\n");
            assertThat(first(MAILBOX_ID, client.until("a8"))).isNotEqualTo(created);
        }
    }

    @Test
    void emailIdShouldBeKeptByCopyAndMoveAndThreadIdSharedByAReply() throws Exception {
        try (RawImapClient client = login()) {
            append(client, "a1", "INBOX", "Message-ID: <root@example.test>\r\nSubject: plans\r\n\r\nfirst");
            append(client, "a2", "INBOX", "Message-ID: <reply@example.test>\r\nIn-Reply-To: <root@example.test>\r\n"
                    + "References: <root@example.test>\r\nSubject: Re: plans\r\n\r\nsecond");
            append(client, "a3", "INBOX", "Message-ID: <other@example.test>\r\nSubject: lunch\r\n\r\nthird");
            client.send("a4 CREATE Kept\r\n");
            client.until("a4");
            client.send("a5 SELECT INBOX\r\n");
            client.until("a5");
            client.send("a6 FETCH 1:3 (EMAILID THREADID)\r\n");
            List<String> inbox = client.until("a6");
            String root = fetched(EMAIL_ID, inbox, 1);
            assertThat(List.of(fetched(EMAIL_ID, inbox, 2), fetched(EMAIL_ID, inbox, 3))).doesNotContain(root);
            assertThat(fetched(THREAD_ID, inbox, 2)).isEqualTo(fetched(THREAD_ID, inbox, 1));
            assertThat(fetched(THREAD_ID, inbox, 3)).isNotEqualTo(fetched(THREAD_ID, inbox, 1));

            client.send("a7 COPY 1 INBOX\r\n");   // a copy into the same mailbox: a second UID, the same message
            client.until("a7");
            client.send("a8 SEARCH EMAILID " + root + "\r\n");
            assertThat(client.until("a8")).contains("* SEARCH 1 4");
            client.send("a9 UID SEARCH THREADID " + fetched(THREAD_ID, inbox, 1) + "\r\n");
            assertThat(client.until("a9")).contains("* SEARCH 1 2 4");

            client.send("b1 MOVE 4 Kept\r\n");
            client.until("b1");
            client.send("b2 EXAMINE Kept\r\n");
            client.until("b2");
            client.send("b3 FETCH 1 (EMAILID THREADID)\r\n");
            List<String> kept = client.until("b3");
            assertThat(fetched(EMAIL_ID, kept, 1)).isEqualTo(root);
            assertThat(fetched(THREAD_ID, kept, 1)).isEqualTo(fetched(THREAD_ID, inbox, 1));
        }
    }
}
