package dev.mailwright.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountStore;
import dev.mailwright.store.UidSet;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * Real POP3 clients against the listeners on loopback: Python's poplib, curl, fetchmail (uidl keep mode) and Angus
 * Mail's POP3 provider; and an IMAP client in IDLE that sees a POP3 client's deletions as EXPUNGE. A missing program
 * fails the test under CI and skips it elsewhere. Time budget: each program run at most 60 s; about 30 s in all.
 */
@SpringBootTest
@Timeout(300)
class Pop3RealClientsTest extends Pop3TestSupport {
    private static final String PASSWORD = "real-pop-secret";
    private static final String FIRST = "Subject: first\r\nFrom: a@example.test\r\n\r\nbody number 1\r\n.dotted line\r\n";
    private static final String SECOND = "Subject: second\r\nFrom: b@example.test\r\n\r\nbody number 2\r\n";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        common(registry, true);
        loopbackListener(registry, "pop3");
        loopbackListener(registry, "pop3s");
        loopbackListener(registry, "imap");
    }

    @TempDir
    Path dir;

    AccountStore.Account account;

    @BeforeEach
    void account() {
        account = newAccount("real", PASSWORD);
    }

    @Test
    void pythonPoplibShouldReadAndDeleteOverPlainStlsAndImplicitTls() throws Exception {
        ExternalProgram.require("python3");
        Path script = dir.resolve("pop.py");
        Files.writeString(script, """
                import json, poplib, ssl, sys
                mode, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
                insecure = ssl._create_unverified_context()
                if mode == 'pop3s':
                    p = poplib.POP3_SSL('127.0.0.1', port, context=insecure, timeout=30)
                else:
                    p = poplib.POP3('127.0.0.1', port, timeout=30)
                    if mode == 'stls':
                        p.stls(insecure)
                caps = p.capa()
                p.user(user)
                p.pass_(password)
                count, size = p.stat()
                listing = [l.decode() for l in p.list()[1]]
                uidl = [l.decode() for l in p.uidl()[1]]
                body = b'\\r\\n'.join(p.retr(1)[1]) + b'\\r\\n'
                top = [l.decode() for l in p.top(1, 0)[1]]
                p.dele(count)
                p.quit()
                open(sys.argv[5], 'wb').write(body)
                print('count=%d' % count)
                print('size=%d' % size)
                print('list=' + '|'.join(listing))
                print('uidl=' + '|'.join(uidl))
                print('top=' + '|'.join(top))
                print('caps=' + ' '.join(sorted(caps)))
                """);
        for (String mode : List.of("plain", "stls", "pop3s")) {
            deliver(account.id(), FIRST);
            deliver(account.id(), SECOND);
            int port = mode.equals("pop3s") ? port("pop3s") : port("pop3");
            Path body = dir.resolve("body-" + mode);
            String output = ExternalProgram.run(dir, List.of("python3", script.toString(), mode, Integer.toString(port),
                    account.address(), PASSWORD, body.toString()), 0);
            java.util.Map<String, String> result = new java.util.HashMap<>();
            output.lines().filter(l -> l.contains("=")).forEach(l -> result.put(l.substring(0, l.indexOf('=')),
                    l.substring(l.indexOf('=') + 1)));
            assertThat(result.get("count")).as(mode + ": " + output).isEqualTo("2");
            assertThat(result.get("size")).isEqualTo(Integer.toString(FIRST.length() + SECOND.length()));
            assertThat(result.get("list")).isEqualTo("1 " + FIRST.length() + "|2 " + SECOND.length());
            assertThat(result.get("uidl")).matches("1 " + inbox(account.id()).uidValidity() + "\\.\\d+\\|2 \\d+\\.\\d+");
            assertThat(Files.readString(body, StandardCharsets.UTF_8)).isEqualTo(FIRST);
            assertThat(result.get("top")).isEqualTo("Subject: first|From: a@example.test|");
            assertThat(result.get("caps")).contains("UIDL", "TOP", "SASL", "PIPELINING", "RESP-CODES");
            assertThat(subjects()).as("poplib deleted the second message at QUIT").containsExactly("first");
            emptyInbox();
        }
    }

    @Test
    void curlShouldListRetrieveAndDeleteOverPop3Pop3sAndStls() throws Exception {
        ExternalProgram.require("curl");
        deliver(account.id(), FIRST);
        deliver(account.id(), SECOND);
        String user = account.address() + ":" + PASSWORD;
        String plain = "pop3://127.0.0.1:" + port("pop3") + "/";
        String tls = "pop3s://127.0.0.1:" + port("pop3s") + "/";
        String listing = ExternalProgram.run(dir, List.of("curl", "-sS", "--max-time", "30", "-u", user, plain), 0);
        assertThat(listing.lines()).containsExactly("1 " + FIRST.length(), "2 " + SECOND.length());
        String uidl = ExternalProgram.run(dir, List.of("curl", "-sS", "--max-time", "30", "-u", user, "-X", "UIDL", plain), 0);
        assertThat(uidl.lines()).hasSize(2).allMatch(l -> l.matches("[12] \\d+\\.\\d+"));
        assertThat(ExternalProgram.run(dir, List.of("curl", "-sS", "--max-time", "30", "-u", user, plain + "1"), 0))
                .isEqualTo(FIRST);
        assertThat(ExternalProgram.run(dir, List.of("curl", "-sS", "-k", "--max-time", "30", "-u", user, tls + "2"), 0))
                .isEqualTo(SECOND);
        assertThat(ExternalProgram.run(dir, List.of("curl", "-sS", "-k", "--ssl-reqd", "--max-time", "30", "-u", user,
                plain + "2"), 0)).as("STLS").isEqualTo(SECOND);
        ExternalProgram.run(dir, List.of("curl", "-sS", "--max-time", "30", "-u", user, "-X", "DELE 1", "-I", plain), 0);
        assertThat(subjects()).containsExactly("second");
    }

    @Test
    void fetchmailInUidlKeepModeShouldFetchOnlyNewMessagesThenDeleteWithoutKeep() throws Exception {
        ExternalProgram.require("fetchmail");
        deliver(account.id(), FIRST);
        deliver(account.id(), SECOND);
        Path out = Files.createDirectories(dir.resolve("out"));
        Path mda = dir.resolve("mda.sh");
        Files.writeString(mda, "#!/bin/sh\ncat > \"$(mktemp -p '" + out + "' msg.XXXXXX)\"\n");
        mda.toFile().setExecutable(true);
        List<String> fetch = List.of("fetchmail", "--nodetach", "--nosyslog", "-i", dir.resolve("fetchids").toString(),
                "-f", dir.resolve("fetchmailrc").toString());

        fetchmailrc(mda, "keep");
        ExternalProgram.run(dir, fetch, 0);
        assertThat(bodies(out)).containsExactlyInAnyOrder("body number 1\n.dotted line", "body number 2");
        ExternalProgram.run(dir, fetch, 1);   // 1: no new mail, the UIDLs were remembered
        assertThat(bodies(out)).hasSize(2);
        deliver(account.id(), "Subject: third\r\n\r\nbody number 3\r\n");
        ExternalProgram.run(dir, fetch, 0);
        assertThat(bodies(out)).hasSize(3).contains("body number 3");
        assertThat(inbox(account.id()).messages()).as("keep leaves the messages on the server").isEqualTo(3);

        fetchmailrc(mda, "fetchall no keep");
        ExternalProgram.run(dir, fetch, 0);
        assertThat(bodies(out)).hasSize(6);
        assertThat(inbox(account.id()).messages()).as("without keep fetchmail deletes, QUIT expunges").isZero();
    }

    private void fetchmailrc(Path mda, String keep) throws IOException {
        Path rc = dir.resolve("fetchmailrc");
        Files.writeString(rc, """
                set no bouncemail
                poll 127.0.0.1 service %d protocol POP3 uidl auth password timeout 30
                  user "%s" password "%s" is nobody here
                  %s
                  sslproto ''
                  mda "%s"
                """.formatted(port("pop3"), account.address(), PASSWORD, keep, mda));
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));   // fetchmail insists
    }

    @Test
    void angusMailPop3ProviderShouldReadUidsAndDeleteOnClose() throws Exception {
        deliver(account.id(), FIRST);
        deliver(account.id(), SECOND);
        Properties props = new Properties();
        props.put("mail.pop3s.ssl.trust", "*");
        props.put("mail.pop3.ssl.trust", "*");
        props.put("mail.pop3.starttls.required", "true");
        props.put("mail.pop3.connectiontimeout", "30000");
        props.put("mail.pop3.timeout", "30000");
        Session session = Session.getInstance(props);

        Store stls = session.getStore("pop3");
        stls.connect("127.0.0.1", port("pop3"), account.address(), PASSWORD);
        POP3Folder inbox = (POP3Folder) stls.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        assertThat(inbox.getMessageCount()).isEqualTo(2);
        Message first = inbox.getMessage(1);
        assertThat(first.getSubject()).isEqualTo("first");
        assertThat(inbox.getSizes()).as("LIST").containsExactly(FIRST.length(), SECOND.length());
        assertThat(((String) first.getContent()).replace("\r\n", "\n")).isEqualTo("body number 1\n.dotted line\n");
        String uid = inbox.getUID(first);
        assertThat(uid).startsWith(inbox(account.id()).uidValidity() + ".");
        inbox.getMessage(2).setFlag(Flags.Flag.DELETED, true);
        inbox.close(true);
        stls.close();
        assertThat(subjects()).containsExactly("first");

        Store implicit = session.getStore("pop3s");
        implicit.connect("127.0.0.1", port("pop3s"), account.address(), PASSWORD);
        POP3Folder again = (POP3Folder) implicit.getFolder("INBOX");
        again.open(Folder.READ_ONLY);
        assertThat(again.getUID(again.getMessage(1))).as("the same UIDL in the next session").isEqualTo(uid);
        again.close(false);
        implicit.close();
    }

    /** "a POP3 client downloads and deletes while an IMAP client watches" (issue #15). */
    @Test
    void anImapClientInIdleShouldSeePop3DeletionsAsExpunge() throws Exception {
        deliver(account.id(), FIRST);
        deliver(account.id(), SECOND);
        try (Socket imap = new Socket("127.0.0.1", port("imap"))) {
            imap.setSoTimeout(30_000);
            InputStream in = imap.getInputStream();
            OutputStream out = imap.getOutputStream();
            readUntil(in, "* OK");
            out.write(("a LOGIN \"" + account.address() + "\" \"" + PASSWORD + "\"\r\n").getBytes(StandardCharsets.UTF_8));
            readUntil(in, "a OK");
            out.write("b SELECT INBOX\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(in, "b OK")).contains("* 2 EXISTS");
            out.write("c IDLE\r\n".getBytes(StandardCharsets.US_ASCII));
            readUntil(in, "+ ");

            try (RawPop3Client pop = new RawPop3Client(port("pop3"))) {
                pop.line();
                pop.command("USER " + account.address());
                assertThat(pop.command("PASS " + PASSWORD)).startsWith("+OK");
                assertThat(pop.command("RETR 1")).startsWith("+OK");
                pop.multiline();
                assertThat(pop.command("DELE 1")).startsWith("+OK");
                assertThat(pop.command("QUIT")).startsWith("+OK");
            }
            assertThat(readUntil(in, "* 1 EXPUNGE")).endsWith("* 1 EXPUNGE");
            out.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
            readUntil(in, "c OK");
        }
        assertThat(subjects()).containsExactly("second");
    }

    /** Reads lines until one starts with {@code prefix}; returns everything read. */
    private static String readUntil(InputStream in, String prefix) throws IOException {
        StringBuilder all = new StringBuilder();
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString().stripTrailing();
                all.append(text);
                if (text.startsWith(prefix)) {
                    return all.toString();
                }
                all.append('\n');
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
        throw new IOException("connection closed before " + prefix + ": " + all);
    }

    private List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        store.forEachMeta(inbox(account.id()).id(), UidSet.ALL, meta -> subjects.add(meta.subject()));
        return subjects;
    }

    private void emptyInbox() {
        var inbox = inbox(account.id());
        store.updateFlags(account.id(), inbox.id(), UidSet.ALL, dev.mailwright.store.MailStore.FlagChange.ADD,
                dev.mailwright.store.Flags.of(dev.mailwright.store.SystemFlag.DELETED), java.util.Optional.empty());
        store.expunge(account.id(), inbox.id(), java.util.Optional.empty());
    }

    private static List<String> bodies(Path out) throws IOException {
        List<String> bodies = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8).replace("\r\n", "\n");
                bodies.add(text.substring(text.indexOf("\n\n") + 2).trim());
            }
        }
        return bodies;
    }
}
