package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;

/**
 * Real IMAP client programs (Debian packages fetchmail, offlineimap3, isync's mbsync, neomutt) against the plain IMAP listener
 * on loopback. A missing program fails the test under CI ({@code CI=true}, where .ci/run installs them) and
 * skips it elsewhere. The server state is checked through the store.
 */
@SpringBootTest
@Timeout(300)
class RealClientsTest extends ImapListenerTest {
    private static final String PASSWORD = "real-client-secret";
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    private static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dataDir = ImapTestSupport.common(registry);
        ImapTestSupport.loopbackListener(registry, "imap");
    }

    @TempDir
    Path dir;

    String user;
    AccountId account;

    @BeforeEach
    void account() {
        AccountStore.Account created = newAccount("client", PASSWORD);
        user = created.address();
        account = created.id();
    }

    @Test
    void fetchmailShouldFetchAllWithKeepThenFetchAndDeleteWithout() throws Exception {
        requireProgram("fetchmail");
        for (int i = 1; i <= 3; i++) {
            deliver("Subject: fetch " + i + "\r\nFrom: a@example.test\r\n\r\nbody number " + i + "\r\n");
        }
        Path out = Files.createDirectories(dir.resolve("out"));
        Path mda = dir.resolve("mda.sh");
        Files.writeString(mda, "#!/bin/sh\ncat > \"$(mktemp -p '" + out + "' msg.XXXXXX)\"\n");
        mda.toFile().setExecutable(true);

        run(dir, List.of("fetchmail", "--nodetach", "--nosyslog", "-f", fetchmailrc(mda, "keep").toString()), 0);
        assertThat(bodies(out)).containsExactlyInAnyOrder("body number 1", "body number 2", "body number 3");
        assertThat(inbox().messages()).as("--keep leaves the messages on the server").isEqualTo(3);

        run(dir, List.of("fetchmail", "--nodetach", "--nosyslog", "-f", fetchmailrc(mda, "no keep").toString()), 0);
        assertThat(bodies(out)).hasSize(6).containsOnly("body number 1", "body number 2", "body number 3");
        assertThat(inbox().messages()).as("without --keep fetchmail deletes and expunges").isZero();
    }

    private Path fetchmailrc(Path mda, String keep) throws IOException {
        Path rc = dir.resolve("fetchmailrc");
        Files.writeString(rc, """
                set no bouncemail
                poll 127.0.0.1 service %d protocol IMAP auth password timeout 30
                  user "%s" password "%s" is nobody here
                  folder INBOX
                  fetchall %s
                  sslproto ''
                  mda "%s"
                """.formatted(listeners.boundPort("imap"), user, PASSWORD, keep, mda));
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));   // fetchmail insists
        return rc;
    }

    @Test
    void offlineimapShouldSyncBothWaysFlagsDeletionsAndLocalMoves() throws Exception {
        requireProgram("offlineimap");
        for (int i = 1; i <= 3; i++) {
            deliver("Subject: sync " + i + "\r\nFrom: a@example.test\r\nMessage-ID: <sync" + i + "@example.test>\r\n\r\nsync body "
                    + i + "\r\n");
        }
        Path maildir = dir.resolve("mail");
        Path rc = dir.resolve("offlineimaprc");
        Files.writeString(rc, """
                [general]
                accounts = test
                metadata = %s
                ui = quiet

                [Account test]
                localrepository = local
                remoterepository = remote

                [Repository local]
                type = Maildir
                localfolders = %s

                [Repository remote]
                type = IMAP
                remotehost = 127.0.0.1
                remoteport = %d
                remoteuser = %s
                remotepass = %s
                ssl = no
                starttls = no
                folderfilter = lambda name: name in ['INBOX', 'Archive']
                """.formatted(dir.resolve("meta"), maildir, listeners.boundPort("imap"), user, PASSWORD));
        List<String> sync = List.of("offlineimap", "-c", rc.toString(), "-o");
        run(dir, sync, 0);

        List<Path> local = messageFiles(maildir.resolve("INBOX"));
        assertThat(local).hasSize(3);
        Path first = fileContaining(local, "sync body 1");
        Path second = fileContaining(local, "sync body 2");
        Path third = fileContaining(local, "sync body 3");
        // local changes: flag the first (Maildir info F), delete the second, move the third to Archive as a new file
        Files.move(first, first.resolveSibling(withFlags(first.getFileName().toString(), "FS")));
        Files.delete(second);
        Path archiveNew = Files.createDirectories(maildir.resolve("Archive").resolve("new"));
        Files.move(third, archiveNew.resolve("moved-" + System.nanoTime() + ".local"));
        run(dir, sync, 0);

        List<MessageMeta> inbox = metas(inbox());
        assertThat(inbox).hasSize(1);
        assertThat(inbox.getFirst().subject()).isEqualTo("sync 1");
        assertThat(inbox.getFirst().flags().has(SystemFlag.FLAGGED)).isTrue();
        assertThat(inbox.getFirst().flags().has(SystemFlag.SEEN)).isTrue();
        List<MessageMeta> archive = metas(store.mailbox(account, "Archive").orElseThrow());
        assertThat(archive).extracting(MessageMeta::subject).containsExactly("sync 3");

        // and the other way: a server-side flag change reaches the Maildir
        store.updateFlags(account, inbox().id(), UidSet.of(inbox.getFirst().uid()), MailStore.FlagChange.REMOVE,
                dev.mailwright.store.Flags.of(SystemFlag.FLAGGED), java.util.Optional.empty());
        run(dir, sync, 0);
        List<Path> after = messageFiles(maildir.resolve("INBOX"));
        assertThat(after).hasSize(1);
        assertThat(info(after.getFirst())).contains("S").doesNotContain("F");
    }

    @Test
    void mbsyncShouldSyncBothWaysFlagsDeletionsAndNewFolders() throws Exception {
        requireProgram("mbsync");
        for (int i = 1; i <= 3; i++) {
            deliver("Subject: mb " + i + "\r\nFrom: a@example.test\r\nMessage-ID: <mb" + i + "@example.test>\r\n\r\nmb body "
                    + i + "\r\n");
        }
        Path maildir = Files.createDirectories(dir.resolve("mb"));
        Path rc = dir.resolve("mbsyncrc");
        Files.writeString(rc, """
                IMAPAccount test
                Host 127.0.0.1
                Port %d
                User %s
                Pass %s
                SSLType None
                AuthMechs LOGIN

                IMAPStore remote
                Account test

                MaildirStore local
                Path %s/
                Inbox %s/INBOX
                SubFolders Verbatim

                Channel test
                Far :remote:
                Near :local:
                Patterns *
                Create Both
                Expunge Both
                SyncState *
                """.formatted(listeners.boundPort("imap"), user, PASSWORD, maildir, maildir));
        List<String> sync = List.of("mbsync", "-c", rc.toString(), "-a");
        run(dir, sync, 0);

        List<Path> local = messageFiles(maildir.resolve("INBOX"));
        assertThat(local).hasSize(3);
        Path first = fileContaining(local, "mb body 1");
        Path second = fileContaining(local, "mb body 2");
        // local changes: flag the first, mark the second trashed (mbsync expunges it on both sides), new folder
        Files.move(first, first.resolveSibling(withFlags(first.getFileName().toString(), "FS")));
        Files.move(second, second.resolveSibling(withFlags(second.getFileName().toString(), "ST")));
        Path newFolder = Files.createDirectories(maildir.resolve("Projects").resolve("new"));
        Files.createDirectories(maildir.resolve("Projects").resolve("cur"));
        Files.createDirectories(maildir.resolve("Projects").resolve("tmp"));
        Files.writeString(newFolder.resolve("1.local"), "Subject: written locally\r\nFrom: me@example.test\r\n\r\nlocal\r\n");
        run(dir, sync, 0);

        List<MessageMeta> inbox = metas(inbox());
        assertThat(inbox).extracting(MessageMeta::subject).containsExactlyInAnyOrder("mb 1", "mb 3");
        MessageMeta flagged = inbox.stream().filter(m -> m.subject().equals("mb 1")).findFirst().orElseThrow();
        assertThat(flagged.flags().has(SystemFlag.FLAGGED)).isTrue();
        assertThat(metas(store.mailbox(account, "Projects").orElseThrow())).extracting(MessageMeta::subject)
                .containsExactly("written locally");

        // and the other way: a new delivery and a server-side flag change reach the Maildir
        deliver("Subject: mb 4\r\nFrom: a@example.test\r\n\r\nmb body 4\r\n");
        store.updateFlags(account, inbox().id(), UidSet.of(flagged.uid()), MailStore.FlagChange.REMOVE,
                dev.mailwright.store.Flags.of(SystemFlag.FLAGGED), java.util.Optional.empty());
        run(dir, sync, 0);
        List<Path> after = messageFiles(maildir.resolve("INBOX"));
        assertThat(after).hasSize(3);
        assertThat(info(fileContaining(after, "mb body 1"))).contains("S").doesNotContain("F");
        fileContaining(after, "mb body 4");
    }

    /**
     * neomutt needs a terminal: it runs in a detached tmux session on its own server socket. The keys are pushed
     * from its rc file: tag all, save the tagged messages to another folder (creating it), quit (purging them).
     * neomutt insists on STARTTLS when offered: it trusts the server's self-signed certificate as a known one.
     */
    @Test
    void neomuttShouldSaveAllTaggedMessagesToAnotherFolderAndPurgeThem() throws Exception {
        requireProgram("neomutt");
        requireProgram("tmux");
        deliver("Subject: mutt one\r\nFrom: a@example.test\r\n\r\nfirst\r\n");
        deliver("Subject: mutt two\r\nFrom: b@example.test\r\n\r\nsecond\r\n");
        neomutt("""
                set header_cache=""
                set message_cachedir=""
                """, "<tag-pattern>~A<enter><tag-prefix><save-message>=Saved<enter><quit>");
        assertThat(inbox().messages()).as("saved messages are purged from INBOX on quit").isZero();
        List<MessageMeta> saved = metas(store.mailbox(account, "Saved").orElseThrow());
        assertThat(saved).extracting(MessageMeta::subject).containsExactlyInAnyOrder("mutt one", "mutt two");
    }

    /**
     * neomutt with its header cache and {@code imap_qresync}: the second start enables QRESYNC, selects with
     * CONDSTORE and asks {@code UID FETCH 1:n (FLAGS) (CHANGEDSINCE m VANISHED)}; a message expunged and one
     * flagged meanwhile must be seen as such, or saving the flagged ones would copy the wrong message. (neomutt
     * 20220429 keeps its cached sequence numbers after VANISHED (EARLIER), finds them off by the vanished ones and
     * re-reads the mailbox; the outcome is still checked.)
     */
    @Test
    void neomuttShouldResynchroniseWithQresyncFromItsHeaderCache() throws Exception {
        requireProgram("neomutt");
        requireProgram("tmux");
        long first = deliverAndUid("Subject: q one\r\nFrom: a@example.test\r\n\r\nfirst\r\n");
        long second = deliverAndUid("Subject: q two\r\nFrom: b@example.test\r\n\r\nsecond\r\n");
        deliver("Subject: q three\r\nFrom: c@example.test\r\n\r\nthird\r\n");
        String cache = """
                set header_cache="%s"
                set message_cachedir="%s"
                set imap_condstore=yes
                set imap_qresync=yes
                """.formatted(Files.createDirectories(dir.resolve("hcache")), Files.createDirectories(dir.resolve("bodies")));
        neomutt(cache, "<quit>");

        MailboxInfo inbox = inbox();
        store.updateFlags(account, inbox.id(), UidSet.of(first), MailStore.FlagChange.ADD,
                dev.mailwright.store.Flags.of(SystemFlag.DELETED), java.util.Optional.empty());
        store.expunge(account, inbox.id(), java.util.Optional.empty());
        store.updateFlags(account, inbox.id(), UidSet.of(second), MailStore.FlagChange.ADD,
                dev.mailwright.store.Flags.of(SystemFlag.FLAGGED), java.util.Optional.empty());

        String log = neomutt(cache, "<tag-pattern>~F<enter><tag-prefix><save-message>=Flagged<enter><quit>");
        assertThat(log).contains("ENABLE QRESYNC", "(CHANGEDSINCE ", "VANISHED)", "Handling VANISHED");
        assertThat(metas(store.mailbox(account, "Flagged").orElseThrow())).extracting(MessageMeta::subject)
                .containsExactly("q two");
        assertThat(metas(inbox())).extracting(MessageMeta::subject).containsExactly("q three");
    }

    /** Runs neomutt once in a detached tmux session with the common settings, {@code extra} and the keys; returns its debug log. */
    private String neomutt(String extra, String keys) throws Exception {
        Path rc = dir.resolve("muttrc");
        Files.writeString(rc, """
                set imap_user="%s"
                set imap_pass="%s"
                set folder="imap://127.0.0.1:%d/"
                set spoolfile="+INBOX"
                set ssl_starttls=yes
                set certificate_file="%s"
                set ssl_verify_host=no
                set imap_authenticators="plain:login"
                set confirmcreate=no
                set confirmappend=no
                set delete=yes
                set quit=yes
                set imap_passive=yes
                set mail_check_stats=no
                %s
                push "%s"
                """.formatted(user, PASSWORD, listeners.boundPort("imap"), dataDir.resolve("tls/self-signed.crt"), extra, keys));
        Path done = dir.resolve("neomutt-" + System.nanoTime() + ".exit");
        Path log = dir.resolve("neomutt-" + System.nanoTime() + ".log");
        String socket = "mw-" + System.nanoTime();
        run(dir, List.of("tmux", "-L", socket, "new-session", "-d", "-x", "120", "-y", "40",
                "neomutt -n -d 2 -l '" + log + "' -F '" + rc + "' ; echo $? > '" + done + "'"), 0);
        try {
            long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
            while (!Files.exists(done) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            if (!Files.exists(done)) {
                String screen = run(dir, List.of("tmux", "-L", socket, "capture-pane", "-p"), 0);
                fail("neomutt did not finish; its screen:\n" + screen);
            }
        } finally {
            new ProcessBuilder("tmux", "-L", socket, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(done).trim()).as("neomutt's exit status").isEqualTo("0");
        try (Stream<Path> logs = Files.list(dir)) {
            StringBuilder all = new StringBuilder();
            for (Path f : logs.filter(f -> f.getFileName().toString().startsWith(log.getFileName().toString())).toList()) {
                all.append(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
            return all.toString();
        }
    }

    private static String withFlags(String name, String flags) {
        int colon = name.indexOf(":2,");
        return (colon >= 0 ? name.substring(0, colon) : name) + ":2," + flags;
    }

    private static String info(Path file) {
        String name = file.getFileName().toString();
        int colon = name.indexOf(":2,");
        return colon >= 0 ? name.substring(colon + 3) : "";
    }

    // ---- helpers ----

    private void deliver(String raw) {
        deliverAndUid(raw);
    }

    private long deliverAndUid(String raw) {
        return store.deliver(MessageSource.of(raw.getBytes(StandardCharsets.UTF_8)), List.of(account)).deliveries().getFirst().uid();
    }

    private MailboxInfo inbox() {
        return store.mailbox(account, "INBOX").orElseThrow();
    }

    private List<MessageMeta> metas(MailboxInfo mailbox) {
        List<MessageMeta> out = new ArrayList<>();
        store.forEachMeta(mailbox.id(), UidSet.ALL, out::add);
        return out;
    }

    private static List<String> bodies(Path out) throws IOException {
        List<String> bodies = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8).replace("\r\n", "\n");
                int blank = text.indexOf("\n\n");
                bodies.add(text.substring(blank + 2).trim());
            }
        }
        return bodies;
    }

    private static List<Path> messageFiles(Path maildir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            Path d = maildir.resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> list = Files.list(d)) {
                    files.addAll(list.toList());
                }
            }
        }
        return files;
    }

    private static Path fileContaining(List<Path> files, String text) throws IOException {
        for (Path f : files) {
            if (Files.readString(f, StandardCharsets.UTF_8).contains(text)) {
                return f;
            }
        }
        return fail("no message file contains " + text + " among " + files);
    }

    /** Fails under CI when the program is missing (.ci/run installs it); skips on a developer machine. */
    static void requireProgram(String program) {
        boolean present = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(p -> Files.isExecutable(Path.of(p, program)));
        if (!present) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(program + " is not installed (CI=true: .ci/run must install it)");
            }
            Assumptions.abort(program + " is not installed");
        }
    }

    /** Runs a program with HOME in the test directory, output captured; fails on timeout or another exit code. */
    static String run(Path home, List<String> command, int expectedExit) throws Exception {
        Path log = home.resolve("run-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("FETCHMAILHOME", home.toString());
        Process p = pb.start();
        if (!p.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command.getFirst() + " did not finish in " + RUN_LIMIT + ":\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        if (p.exitValue() != expectedExit) {
            fail(command.getFirst() + " exited " + p.exitValue() + ":\n" + output);
        }
        return output;
    }
}
