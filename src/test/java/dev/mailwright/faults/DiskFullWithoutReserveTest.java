package dev.mailwright.faults;

import static dev.mailwright.faults.TmpfsServer.PASSWORD;
import static dev.mailwright.faults.TmpfsServer.USER;
import static dev.mailwright.faults.TmpfsServer.append;
import static dev.mailwright.faults.TmpfsServer.exists;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.mailwright.inbound.spam.InboundCounters;
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
    private static TmpfsServer server;

    @BeforeAll
    static void mountAndStart() throws Exception {
        server = TmpfsServer.start("96m", "0");
    }

    @AfterAll
    static void stopAndUnmount() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aFullDiskShouldRefuseCleanlyAndRecoverWhenSpaceReturns() throws Exception {
        int smtp = server.port("smtp");
        assertThat(LineClient.deliver(smtp, USER, "before the disk filled")).startsWith("250");

        Path filler = server.mount().resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[64 * 1024];
            while (true) {
                out.write(block);   // until the file system says it is full
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).containsIgnoringCase("no space left");
        }
        assertThat(Files.getFileStore(server.mount()).getUsableSpace()).isLessThan(64 * 1024);

        String refused = LineClient.deliver(smtp, USER, "while the disk is full\r\n" + ("x".repeat(98) + "\r\n").repeat(2_000));
        assertThat(refused).startsWith("452 4.3.1");
        try (LineClient imap = server.imapConnection()) {
            // H2 cannot commit at all on a disk without a free byte (its background writer fails), so even LOGIN may be
            // refused: clearly, never with SERVERBUG or a dropped connection. That is what the reserve is for. Once a
            // background write (the counters' flush, once a second) has failed, H2 has closed the database, and the
            // APPEND's write (or LOGIN's own write) is refused as the store being unavailable rather than full (CI saw
            // both, for each).
            String login = imap.tagged("l1", "LOGIN " + USER + " " + PASSWORD);
            if (login.startsWith("l1 OK")) {
                String append = append(imap, "a1", "appended while the disk is full\r\n" + ("y".repeat(98) + "\r\n").repeat(2_000));
                assertThat(append).matches("a1 NO \\[(OVERQUOTA|UNAVAILABLE)\\] .*").doesNotContain("SERVERBUG");
            } else {
                assertThat(login).matches("l1 NO \\[(OVERQUOTA|UNAVAILABLE)\\] .*").doesNotContain("SERVERBUG");
            }
            assertThat(imap.tagged("n1", "NOOP")).startsWith("n1 OK");
        }
        assertThat(server.leftovers()).isEmpty();
        // a background write while the disk is full (the inbound counters' flush, once a second): H2 closes the
        // database, and once space returns the pool must replace its dead connections (ClosedH2Eviction)
        server.bean(InboundCounters.class).count("example.test", InboundCounters.Outcome.ACCEPTED);
        Thread.sleep(2_500);

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
        try (LineClient imap = server.imap()) {
            assertThat(append(imap, "a2", "appended after space returned")).startsWith("a2 OK");
            assertThat(exists(imap, "s2")).isEqualTo(3);
        }
        IntegrityReport report = server.checkEverything();
        assertThat(report.findings()).isEmpty();
        assertThat(report.scanned().placements()).isEqualTo(3);
        assertThat(server.leftovers()).isEmpty();
    }
}
