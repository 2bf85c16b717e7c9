package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountStore;

/**
 * A real client in IMAP4rev2 mode: Python's imaplib (which has no rev2 mode of its own) sends ENABLE IMAP4rev2 and
 * reads the rev2 answers over the plain listener on loopback. python3 is on every machine that runs offlineimap3
 * (.ci/run installs it); a missing python3 fails under CI and skips elsewhere. Bounded by 60 s for the script.
 */
@SpringBootTest
@Timeout(120)
class PythonImapRev2Test extends ImapListenerTest {
    private static final String PASSWORD = "python-rev2-secret";
    private static int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        port = ImapTestSupport.loopbackListener(registry, "imap");
    }

    @TempDir
    Path dir;

    @Test
    void imaplibShouldSeeRev2AnswersAfterEnablingImap4rev2() throws Exception {
        RealClientsTest.requireProgram("python3");
        AccountStore.Account account = newAccount("py", PASSWORD);
        Path script = dir.resolve("rev2.py");
        Files.writeString(script, """
                import imaplib, sys
                m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
                print('caps', 'IMAP4REV2' in m.capabilities, 'NOTIFY' in m.capabilities)
                m.login(sys.argv[2], sys.argv[3])
                typ, data = m.enable('IMAP4rev2')
                print('enable', typ, data)
                m.append('INBOX', None, None, b'Subject: py\\r\\n\\r\\nbody\\r\\n')
                typ, data = m.select('INBOX')
                print('select', typ, data, 'RECENT' in m.untagged_responses, m.untagged_responses.get('LIST'))
                typ, data = m.uid('SEARCH', 'ALL')
                print('esearch', typ, m.untagged_responses.pop('ESEARCH', None))
                typ, data = m.fetch('1', '(FLAGS)')
                print('flags', data)
                typ, data = m.status('INBOX', '(MESSAGES DELETED)')
                print('status', data)
                m.logout()
                """);
        String output = RealClientsTest.run(dir, List.of("python3", script.toString(), Integer.toString(port),
                account.address(), PASSWORD), 0);
        assertThat(output).contains("caps True True")
                .contains("enable OK [b'ENABLE completed']")
                .contains("select OK [b'1'] False [b'() \"/\" \"INBOX\"']")
                .contains("esearch OK [b'(TAG \"")
                .contains("UID ALL 1']")
                .contains("flags [b'1 (FLAGS ())']")
                .contains("status [b'\"INBOX\" (MESSAGES 1 DELETED 0)']");
    }
}
