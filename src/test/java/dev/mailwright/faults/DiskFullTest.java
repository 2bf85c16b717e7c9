package dev.mailwright.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.mailwright.MailwrightApplication;
import dev.mailwright.net.ListenerManager;
import dev.mailwright.store.integrity.IntegrityCheck;
import dev.mailwright.store.integrity.IntegrityReport;

/**
 * The data directory's disk fills up under a running server: the data directory (H2 file, blobs, spool) is a small
 * tmpfs mounted for this test (root only; skipped with a message elsewhere), a filler file takes the space. SMTP
 * answers {@code 452 4.3.1}, APPEND {@code NO [OVERQUOTA]}, nothing is half-written, and once the filler is gone the
 * next delivery works and the store checks clean. Budget: one server start, under a minute (time-out 180 s).
 */
@Timeout(180)
class DiskFullTest {
    private static final String PASSWORD = "disk-full-secret";
    private static final String USER = "disk@faults.test";
    private static Path mount;
    private static ConfigurableApplicationContext server;

    @BeforeAll
    static void mountAndStart() throws Exception {
        mount = Files.createTempDirectory("mailwright-diskfull-");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "needs root to mount a tmpfs: " + output);
        server = new SpringApplicationBuilder(MailwrightApplication.class).run(
                "--mailwright.data-dir=" + mount.resolve("data"), "--mailwright.domains=faults.test", "--server.port=0",
                "--mailwright.bootstrap.accounts[0].address=" + USER, "--mailwright.bootstrap.accounts[0].password=" + PASSWORD,
                "--mailwright.smtp.port=" + freePort(), "--mailwright.smtp.bind=127.0.0.1",
                "--mailwright.imap.port=" + freePort(), "--mailwright.imap.bind=127.0.0.1",
                "--mailwright.submission.port=0", "--mailwright.submissions.port=0", "--mailwright.imaps.port=0",
                "--mailwright.security.allow-plaintext-auth=true", "--mailwright.delivery.workers=0",
                "--mailwright.disk.min-free-space=24MB");
    }

    @AfterAll
    static void stopAndUnmount() throws Exception {
        if (server != null) {
            server.close();
        }
        if (mount != null) {
            Process p = new ProcessBuilder("umount", mount.toString()).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(mount);
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int port(String listener) {
        return server.getBean(ListenerManager.class).boundPort(listener);
    }

    private static LineClient imap() throws IOException {
        LineClient client = new LineClient(port("imap"), 60_000);
        client.line();
        assertThat(client.tagged("l1", "LOGIN " + USER + " " + PASSWORD)).startsWith("l1 OK");
        return client;
    }

    private static String append(LineClient imap, String tag, String text) throws IOException {
        String message = "From: " + USER + "\r\nSubject: appended\r\n\r\n" + text + "\r\n";
        imap.send(tag + " APPEND INBOX {" + message.getBytes(StandardCharsets.US_ASCII).length + "+}\r\n" + message + "\r\n");
        return imap.until(tag).getLast();
    }

    private static long exists(LineClient imap, String tag) throws IOException {
        List<String> lines = imap.until(tagSent(imap, tag, "SELECT INBOX"));
        return lines.stream().filter(l -> l.endsWith(" EXISTS")).mapToLong(l -> Long.parseLong(l.split(" ")[1])).findFirst().orElse(-1);
    }

    private static String tagSent(LineClient imap, String tag, String command) throws IOException {
        imap.send(tag + " " + command + "\r\n");
        return tag;
    }

    private static List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.walk(mount.resolve("data"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp") || f.getFileName().toString().endsWith(".eml")).toList();
        }
    }

    @Test
    void aFullDiskShouldRefuseCleanlyAndRecoverWhenSpaceReturns() throws Exception {
        int smtp = port("smtp");
        assertThat(LineClient.deliver(smtp, USER, "before the disk filled")).startsWith("250");

        Path filler = mount.resolve("filler");
        long free = Files.getFileStore(mount).getUsableSpace();
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[1 << 20];
            for (long left = free - (8L << 20); left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        assertThat(Files.getFileStore(mount).getUsableSpace()).isLessThan(24L << 20);

        String refused = LineClient.deliver(smtp, USER, "while the disk is full");
        assertThat(refused).startsWith("452 4.3.1");
        try (LineClient imap = imap()) {
            String append = append(imap, "a1", "appended while the disk is full");
            assertThat(append).startsWith("a1 NO [OVERQUOTA]").doesNotContain("SERVERBUG");
            assertThat(exists(imap, "s1")).isEqualTo(1);
            // a session that only reads and changes flags goes on: the reserve is there for it
            assertThat(imap.tagged("f1", "STORE 1 +FLAGS (\\Flagged)")).startsWith("f1 OK");
            assertThat(imap.tagged("f2", "FETCH 1 (BODY.PEEK[TEXT])")).startsWith("f2 OK");
        }
        assertThat(leftovers()).isEmpty();

        Files.delete(filler);
        assertThat(LineClient.deliver(smtp, USER, "after space returned")).startsWith("250");
        try (LineClient imap = imap()) {
            assertThat(append(imap, "a2", "appended after space returned")).startsWith("a2 OK");
            assertThat(exists(imap, "s2")).isEqualTo(3);
        }
        IntegrityReport report = server.getBean(IntegrityCheck.class).run(false, dev.mailwright.config.MailwrightProperties.Integrity.BlobCheck.HASH);
        assertThat(report.findings()).isEmpty();
        assertThat(report.scanned().placements()).isEqualTo(3);
        assertThat(leftovers()).isEmpty();
    }
}
