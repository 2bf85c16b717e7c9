package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MessageSource;

/**
 * THREAD=REFERENCES (RFC 5256 §3) answered from a kept thread shape stays right over a real socket: the same shape
 * numbered by sequence number and by UID (which differ here), and a new shape after an append and after an expunge,
 * also for a second session whose view of the mailbox lags. Time budget: one Spring context, a few seconds.
 */
@SpringBootTest
@Timeout(300)
class ThreadShapesSocketTest extends ImapListenerTest {
    private static final String PASSWORD = "thread-shapes-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        ImapTestSupport.loopbackListener(registry, "imap");
    }

    private AccountId account;

    private void deliver(String raw) {
        store.deliver(MessageSource.of(raw.getBytes(StandardCharsets.UTF_8)), List.of(account));
    }

    private RawImapClient session(String user) throws Exception {
        RawImapClient client = new RawImapClient("127.0.0.1", listeners.boundPort("imap"));
        client.socket().setSoTimeout(20_000);
        client.line();
        client.send("l1 LOGIN \"" + user + "\" " + PASSWORD + "\r\n");
        assertThat(client.until("l1").getLast()).startsWith("l1 OK");
        client.send("s1 SELECT INBOX\r\n");
        assertThat(client.until("s1").getLast()).startsWith("s1 OK");
        return client;
    }

    private static List<String> command(RawImapClient client, String tag, String command) throws Exception {
        client.send(tag + " " + command + "\r\n");
        return client.until(tag);
    }

    @Test
    void keptShapesShouldBeNumberedPerAnswerAndBuiltAgainWhenTheMessagesChange() throws Exception {
        AccountStore.Account created = newAccount("shapes", PASSWORD);
        account = created.id();
        deliver("Subject: filler\r\nMessage-ID: <f@x.example>\r\n\r\nx\r\n");                                       // UID 1
        deliver("Subject: Plans\r\nDate: Wed, 01 Jan 2020 10:00:00 +0000\r\nMessage-ID: <p1@x.example>\r\n\r\nx\r\n");  // UID 2
        deliver("Subject: Re: plans\r\nDate: Thu, 02 Jan 2020 10:00:00 +0000\r\nMessage-ID: <p2@x.example>\r\n"
                + "In-Reply-To: <p1@x.example>\r\n\r\nx\r\n");                                                        // UID 3
        deliver("Subject: Other\r\nDate: Tue, 31 Dec 2019 10:00:00 +0000\r\nMessage-ID: <o1@x.example>\r\n\r\nx\r\n"); // UID 4
        deliver("Subject: Re: Plans\r\nDate: Fri, 03 Jan 2020 10:00:00 +0000\r\nMessage-ID: <p3@x.example>\r\n"
                + "References: <p1@x.example> <p2@x.example>\r\n\r\nx\r\n");                                          // UID 5
        try (RawImapClient a = session(created.address()); RawImapClient b = session(created.address())) {
            assertThat(command(a, "e1", "STORE 1 +FLAGS.SILENT (\\Deleted)").getLast()).startsWith("e1 OK");
            assertThat(command(a, "e2", "EXPUNGE")).containsExactly("* 1 EXPUNGE", "e2 OK EXPUNGE completed");
            // sequence numbers 1-4 are UIDs 2-5 now
            assertThat(command(a, "t1", "THREAD REFERENCES UTF-8 ALL")).containsExactly("* THREAD (3)(1 2 4)", "t1 OK THREAD completed");
            assertThat(command(a, "t2", "UID THREAD REFERENCES UTF-8 ALL"))
                    .containsExactly("* THREAD (4)(2 3 5)", "t2 OK UID THREAD completed");
            assertThat(command(a, "t3", "THREAD REFERENCES UTF-8 ALL")).containsExactly("* THREAD (3)(1 2 4)", "t3 OK THREAD completed");

            // b has not heard of the expunge yet (UID THREAD may announce it after the answer, RFC 3501 §7.4.1)
            List<String> lagging = command(b, "u1", "UID THREAD REFERENCES UTF-8 ALL");
            assertThat(lagging.getFirst()).isEqualTo("* THREAD (4)(2 3 5)");
            assertThat(lagging.getLast()).isEqualTo("u1 OK UID THREAD completed");

            deliver("Subject: Re: Plans\r\nDate: Sat, 04 Jan 2020 10:00:00 +0000\r\nMessage-ID: <p4@x.example>\r\n"
                    + "References: <p1@x.example> <p2@x.example> <p3@x.example>\r\n\r\nx\r\n");                      // UID 6
            assertThat(command(a, "n1", "NOOP")).contains("* 5 EXISTS");
            assertThat(command(a, "t4", "THREAD REFERENCES UTF-8 ALL")).containsExactly("* THREAD (3)(1 2 4 5)", "t4 OK THREAD completed");

            assertThat(command(a, "e3", "STORE 2 +FLAGS.SILENT (\\Deleted)").getLast()).startsWith("e3 OK");
            assertThat(command(a, "e4", "EXPUNGE")).containsExactly("* 2 EXPUNGE", "e4 OK EXPUNGE completed");
            // <p2@x.example> is missing now: its dummy goes and <p3@x.example> hangs under <p1@x.example>
            assertThat(command(a, "t5", "THREAD REFERENCES UTF-8 ALL")).containsExactly("* THREAD (2)(1 3 4)", "t5 OK THREAD completed");
            assertThat(command(a, "t6", "UID THREAD REFERENCES UTF-8 ALL"))
                    .containsExactly("* THREAD (4)(2 5 6)", "t6 OK UID THREAD completed");
        }
    }
}
