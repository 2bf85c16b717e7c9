package dev.mailwright.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.mailwright.MailwrightApplication;
import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.net.ListenerManager;
import dev.mailwright.store.integrity.IntegrityCheck;
import dev.mailwright.store.integrity.IntegrityReport;
import dev.mailwright.net.TestPorts;

/**
 * A running server whose whole data directory (H2 file, blobs, spool) lies on a small tmpfs mounted for the test
 * (root only: the test is skipped with a message elsewhere), with one account, MX and IMAP on loopback and plaintext
 * LOGIN allowed. The disk-full tests fill that file system under it.
 */
final class TmpfsServer implements AutoCloseable {
    static final String USER = "disk@faults.test";
    static final String PASSWORD = "disk-full-secret";

    private final Path mount;
    private final ConfigurableApplicationContext server;

    private TmpfsServer(Path mount, ConfigurableApplicationContext server) {
        this.mount = mount;
        this.server = server;
    }

    /** Mounts a tmpfs of {@code size} (mount's syntax, e.g. {@code 96m}) and starts the server on it. */
    static TmpfsServer start(String size, String minFreeSpace) throws Exception {
        Path mount = Files.createTempDirectory("mailwright-diskfull-");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!mounted) {
            Files.deleteIfExists(mount);
        }
        Assumptions.assumeTrue(mounted, "needs root to mount a tmpfs: " + output);
        ConfigurableApplicationContext server = new SpringApplicationBuilder(MailwrightApplication.class).run(
                "--mailwright.data-dir=" + mount.resolve("data"), "--mailwright.domains=faults.test", "--server.port=0",
                "--mailwright.bootstrap.accounts[0].address=" + USER, "--mailwright.bootstrap.accounts[0].password=" + PASSWORD,
                "--mailwright.smtp.port=" + TestPorts.freePort(), "--mailwright.smtp.bind=127.0.0.1",
                "--mailwright.imap.port=" + TestPorts.freePort(), "--mailwright.imap.bind=127.0.0.1",
                "--mailwright.submission.port=0", "--mailwright.submissions.port=0", "--mailwright.imaps.port=0",
                "--mailwright.security.allow-plaintext-auth=true", "--mailwright.delivery.workers=0",
                "--mailwright.disk.min-free-space=" + minFreeSpace);
        return new TmpfsServer(mount, server);
    }

    Path mount() {
        return mount;
    }

    int port(String listener) {
        return server.getBean(ListenerManager.class).boundPort(listener);
    }

    /** A new IMAP connection past the greeting, not logged in. */
    LineClient imapConnection() throws IOException {
        LineClient client = new LineClient(port("imap"), 60_000);
        client.line();
        return client;
    }

    /** A new IMAP connection, logged in. */
    LineClient imap() throws IOException {
        LineClient client = imapConnection();
        assertThat(client.tagged("l1", "LOGIN " + USER + " " + PASSWORD)).startsWith("l1 OK");
        return client;
    }

    static String append(LineClient imap, String tag, String text) throws IOException {
        String message = "From: " + USER + "\r\nSubject: appended\r\n\r\n" + text + "\r\n";
        imap.send(tag + " APPEND INBOX {" + message.getBytes(StandardCharsets.US_ASCII).length + "+}\r\n" + message + "\r\n");
        return imap.until(tag).getLast();
    }

    static long exists(LineClient imap, String tag) throws IOException {
        imap.send(tag + " SELECT INBOX\r\n");
        List<String> lines = imap.until(tag);
        return lines.stream().filter(l -> l.endsWith(" EXISTS")).mapToLong(l -> Long.parseLong(l.split(" ")[1])).findFirst().orElse(-1);
    }

    /** Spool and temporary blob files left in the data directory: none may survive a refused message. */
    List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.walk(mount.resolve("data"))) {
            // the search index (Lucene) manages its own temporary files; the store's spool and blob files are what count
            return files.filter(f -> !f.startsWith(mount.resolve("data").resolve("search-index")))
                    .filter(f -> f.getFileName().toString().endsWith(".tmp") || f.getFileName().toString().endsWith(".eml")).toList();
        }
    }

    /** One of the running server's beans. */
    <T> T bean(Class<T> type) {
        return server.getBean(type);
    }

    /** The integrity check at its strictest (every blob re-read and re-hashed). */
    IntegrityReport checkEverything() {
        return server.getBean(IntegrityCheck.class).run(false, MailwrightProperties.Integrity.BlobCheck.HASH);
    }

    @Override
    public void close() throws Exception {
        server.close();
        Process p = new ProcessBuilder("umount", mount.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(mount);
    }

}
