package dev.mailwright.faults;

import static dev.mailwright.faults.TmpfsServer.USER;
import static dev.mailwright.faults.TmpfsServer.append;
import static dev.mailwright.faults.TmpfsServer.exists;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.mailwright.store.integrity.IntegrityReport;

/**
 * The data directory's disk fills up under a running server ({@link TmpfsServer}: a small tmpfs, root only, skipped
 * with a message elsewhere), a filler file takes the space down to below the reserve. SMTP answers {@code 452 4.3.1},
 * APPEND {@code NO [OVERQUOTA]}, nothing is half-written, reading and flagging go on, and once the filler is gone the
 * next delivery works and the store checks clean. Budget: one server start, under a minute (time-out 180 s).
 */
@Timeout(180)
class DiskFullTest {
    private static TmpfsServer server;

    @BeforeAll
    static void mountAndStart() throws Exception {
        server = TmpfsServer.start("96m", "24MB");
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
        long free = Files.getFileStore(server.mount()).getUsableSpace();
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[1 << 20];
            for (long left = free - (8L << 20); left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        assertThat(Files.getFileStore(server.mount()).getUsableSpace()).isLessThan(24L << 20);

        String refused = LineClient.deliver(smtp, USER, "while the disk is full");
        assertThat(refused).startsWith("452 4.3.1");
        try (LineClient imap = server.imap()) {
            String append = append(imap, "a1", "appended while the disk is full");
            assertThat(append).startsWith("a1 NO [OVERQUOTA]").doesNotContain("SERVERBUG");
            assertThat(exists(imap, "s1")).isEqualTo(1);
            // a session that only reads and changes flags goes on: the reserve is there for it
            assertThat(imap.tagged("f1", "STORE 1 +FLAGS (\\Flagged)")).startsWith("f1 OK");
            assertThat(imap.tagged("f2", "FETCH 1 (BODY.PEEK[TEXT])")).startsWith("f2 OK");
        }
        assertThat(server.leftovers()).isEmpty();

        Files.delete(filler);
        assertThat(LineClient.deliver(smtp, USER, "after space returned")).startsWith("250");
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
