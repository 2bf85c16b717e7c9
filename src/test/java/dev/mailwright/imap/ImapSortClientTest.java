package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MessageSource;

/**
 * SORT and THREAD (RFC 5256, RFC 5957) from real clients over the plain IMAP listener: Python's imaplib
 * ({@code IMAP4.sort}, {@code IMAP4.thread}, {@code IMAP4.uid}; Debian's python3, which .ci/run installs; Angus Mail
 * has no SORT API) and a raw socket. Messages arrive by SMTP-style delivery, so the keys are the ones ingest stores.
 * Time budget: one Spring context and one python3 run of at most 60 s.
 */
@SpringBootTest
@Timeout(300)
class ImapSortClientTest extends ImapListenerTest {
    private static final String PASSWORD = "sort-client-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        ImapTestSupport.loopbackListener(registry, "imap");
    }

    @TempDir
    Path dir;

    String user;
    AccountId account;

    @BeforeEach
    void mailbox() {
        AccountStore.Account created = newAccount("sort", PASSWORD);
        user = created.address();
        account = created.id();
        deliver("From: \"Zed\" <carol@x.example>\r\nSubject: Plans\r\nDate: Wed, 01 Jan 2020 10:00:00 +0000\r\n"
                + "Message-ID: <p1@x.example>\r\n\r\nfirst\r\n");
        deliver("From: \"Amy\" <bob@x.example>\r\nSubject: Re: plans\r\nDate: Thu, 02 Jan 2020 10:00:00 +0000\r\n"
                + "Message-ID: <p2@x.example>\r\nIn-Reply-To: <p1@x.example>\r\n\r\nsecond\r\n");
        deliver("From: alice@x.example\r\nSubject: =?UTF-8?Q?=C3=84rger?=\r\nDate: Tue, 31 Dec 2019 10:00:00 +0000\r\n"
                + "Message-ID: <o1@x.example>\r\n\r\nthird\r\n");
        deliver("From: \"Bea\" <dave@x.example>\r\nSubject: Re: Plans\r\nDate: Fri, 03 Jan 2020 10:00:00 +0000\r\n"
                + "Message-ID: <p3@x.example>\r\nReferences: <p1@x.example> <p2@x.example>\r\n\r\nfourth\r\n");
    }

    private void deliver(String raw) {
        store.deliver(MessageSource.of(raw.getBytes(StandardCharsets.UTF_8)), List.of(account));
    }

    @Test
    void imaplibShouldSortAndThreadOnTheServer() throws Exception {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        RealClientsTest.requireProgram("python3");
        Path script = dir.resolve("sort_client.py");
        Files.writeString(script, """
                import imaplib, sys
                m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
                m.login(sys.argv[2], sys.argv[3])
                caps = m.capabilities
                print('caps', ' '.join(c for c in ('SORT', 'SORT=DISPLAY', 'THREAD=ORDEREDSUBJECT', 'THREAD=REFERENCES') if c in caps))
                m.select('INBOX')
                print('sort-date', m.sort('(DATE)', 'UTF-8', 'ALL')[1][0].decode())
                print('sort-reverse-date', m.sort('(REVERSE DATE)', 'UTF-8', 'ALL')[1][0].decode())
                print('sort-subject', m.sort('(SUBJECT)', 'UTF-8', 'ALL')[1][0].decode())
                print('sort-from', m.sort('(FROM)', 'US-ASCII', 'ALL')[1][0].decode())
                print('sort-displayfrom', m.sort('(DISPLAYFROM)', 'UTF-8', 'ALL')[1][0].decode())
                print('thread-references', m.thread('REFERENCES', 'UTF-8', 'ALL')[1][0].decode())
                print('thread-orderedsubject', m.thread('ORDEREDSUBJECT', 'UTF-8', 'ALL')[1][0].decode())
                print('uid-sort', m.uid('SORT', '(REVERSE DATE)', 'UTF-8', 'ALL')[1][0].decode())
                print('uid-thread', m.uid('THREAD', 'REFERENCES', 'UTF-8', 'SUBJECT', 'plans')[1][0].decode())
                typ, dat = m.sort('(DATE)', 'KOI8-R', 'ALL')
                print('badcharset', typ, dat[0].decode())
                m.logout()
                """);
        String output = RealClientsTest.run(dir, List.of(python, script.toString(),
                Integer.toString(listeners.boundPort("imap")), user, PASSWORD), 0);
        assertThat(output.lines().toList()).containsExactly(
                "caps SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES",
                "sort-date 3 1 2 4",
                "sort-reverse-date 4 2 1 3",
                "sort-subject 1 2 4 3",
                "sort-from 3 2 1 4",
                "sort-displayfrom 3 2 4 1",
                "thread-references (3)(1 2 4)",
                "thread-orderedsubject (3)(1 (2)(4))",
                "uid-sort 4 2 1 3",
                "uid-thread (1 2 4)",
                "badcharset NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset");
    }

    @Test
    void rawSocketSortShouldAnswerInOneLineBeforeTheTaggedOk() throws Exception {
        try (RawImapClient client = new RawImapClient("127.0.0.1", listeners.boundPort("imap"))) {
            client.socket().setSoTimeout(20_000);
            client.line();
            client.send("l1 LOGIN \"" + user + "\" " + PASSWORD + "\r\n");
            assertThat(client.until("l1").getLast()).startsWith("l1 OK");
            client.send("s1 SELECT INBOX\r\n");
            assertThat(client.until("s1").getLast()).startsWith("s1 OK");
            client.send("s2 SORT (SUBJECT REVERSE DATE) UTF-8 ALL\r\n");
            assertThat(client.until("s2")).containsExactly("* SORT 4 2 1 3", "s2 OK SORT completed");
            client.send("s3 THREAD REFERENCES UTF-8 FROM bob\r\n");
            assertThat(client.until("s3")).containsExactly("* THREAD (2)", "s3 OK THREAD completed");
        }
    }
}
