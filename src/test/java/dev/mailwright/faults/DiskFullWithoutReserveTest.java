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
 * Like {@link DiskFullTest}, but with the free-space reserve switched off ({@code mailwright.disk.min-free-space=0})
 * and the disk filled to the last byte: the file system's own ENOSPC must still give SMTP {@code 452 4.3.1} (the
 * spool write fails mid-DATA, the rest of the message is read and dropped), APPEND {@code NO [OVERQUOTA]} (the literal
 * spool fails, the literal is consumed, the session goes on), no partial file, and recovery. Budget: one server
 * start, under a minute (time-out 180 s).
 */
@Timeout(180)
class DiskFullWithoutReserveTest {
    private static final String PASSWORD = "disk-full-secret";
    private static final String USER = "disk@faults.test";
    private static Path mount;
    private static ConfigurableApplicationContext server;

    @BeforeAll
    static void mountAndStart() throws Exception {
        mount = Files.createTempDirectory("mailwright-diskfull0-");
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
                "--mailwright.disk.min-free-space=0");
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
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[64 * 1024];
            while (true) {
                out.write(block);   // until the file system says it is full
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).containsIgnoringCase("no space left");
        }
        assertThat(Files.getFileStore(mount).getUsableSpace()).isLessThan(64 * 1024);

        String refused = LineClient.deliver(smtp, USER, "while the disk is full\r\n" + ("x".repeat(98) + "\r\n").repeat(2_000));
        assertThat(refused).startsWith("452 4.3.1");
        try (LineClient imap = new LineClient(port("imap"), 60_000)) {
            imap.line();
            // H2 cannot commit at all on a disk without a free byte (its background writer fails), so even LOGIN may be
            // refused: clearly, never with SERVERBUG or a dropped connection. That is what the reserve is for.
            String login = imap.tagged("l1", "LOGIN " + USER + " " + PASSWORD);
            if (login.startsWith("l1 OK")) {
                String append = append(imap, "a1", "appended while the disk is full\r\n" + ("y".repeat(98) + "\r\n").repeat(2_000));
                assertThat(append).startsWith("a1 NO [OVERQUOTA]").doesNotContain("SERVERBUG");
            } else {
                assertThat(login).startsWith("l1 NO [OVERQUOTA]");
            }
            assertThat(imap.tagged("n1", "NOOP")).startsWith("n1 OK");
        }
        assertThat(leftovers()).isEmpty();

        Files.delete(filler);
        // if H2's writer failed while the disk was full, the pool may hand out a connection or two that died with it:
        // a temporary 4xx is allowed for a short while, then delivery must work without a restart
        String after = "";
        for (int attempt = 0; attempt < 30 && !after.startsWith("250"); attempt++) {
            after = LineClient.deliver(smtp, USER, "after space returned");
            assertThat(after).matches("(250|451|452) .*");
            if (!after.startsWith("250")) {
                Thread.sleep(1000);
            }
        }
        assertThat(after).startsWith("250");
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
