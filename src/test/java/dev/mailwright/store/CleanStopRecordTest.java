package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record's own rules, on a real H2 file: which URLs have one, when it is written, when it counts. */
class CleanStopRecordTest {
    @TempDir
    Path dir;

    @Test
    void onlyAnEmbeddedH2FileShouldHaveARecord() {
        assertThat(CleanStopRecorder.h2File("jdbc:h2:file:/var/mail/mailwright;LOCK_TIMEOUT=10000"))
                .contains(Path.of("/var/mail/mailwright.mv.db"));
        assertThat(CleanStopRecorder.h2File("jdbc:h2:/var/mail/mw")).contains(Path.of("/var/mail/mw.mv.db"));
        assertThat(CleanStopRecorder.h2File("jdbc:h2:./data/mailwright"))
                .contains(Path.of("data/mailwright.mv.db").toAbsolutePath().normalize());
        assertThat(CleanStopRecorder.h2File("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(CleanStopRecorder.h2File("jdbc:h2:tcp://localhost/~/mail")).isEmpty();
        assertThat(CleanStopRecorder.h2File("jdbc:h2:~/mail")).isEmpty();
        assertThat(CleanStopRecorder.h2File("jdbc:postgresql://127.0.0.1/mail")).isEmpty();
        assertThat(CleanStopRecorder.h2File("")).isEmpty();
    }

    @Test
    void aRecordShouldBeWrittenOnlyForAClosedCheckedDatabaseAndCountOnlyOnce() throws Exception {
        Path base = dir.resolve("mailwright");
        Path file = dir.resolve("mailwright.mv.db");
        String url = "jdbc:h2:file:" + base;
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("CREATE TABLE t (id INT)");
            CleanStop open = CleanStop.claim(file);
            open.checkedAtStart();
            assertThat(open.record(Instant.now())).as("while H2 has the file open").isFalse();
        }
        CleanStop unchecked = CleanStop.claim(file);
        assertThat(unchecked.storeUntouched()).isFalse();
        assertThat(unchecked.record(Instant.now())).as("a run that did not check the store").isFalse();

        CleanStop checked = CleanStop.claim(file);
        checked.checkedAtStart();
        Instant stopped = Instant.parse("2026-12-07T12:00:00Z");
        assertThat(checked.record(stopped)).isTrue();
        assertThat(dir.resolve("mailwright.clean-stop")).isRegularFile();

        assertThat(CleanStop.claim(file).untouchedSince()).contains(stopped);
        assertThat(dir.resolve("mailwright.clean-stop")).as("used up").doesNotExist();
        assertThat(CleanStop.claim(file).storeUntouched()).isFalse();

        checked.record(stopped);
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("INSERT INTO t VALUES (1)");
        }
        assertThat(CleanStop.claim(file).storeUntouched()).as("written after the stop").isFalse();

        checked.record(stopped);
        Files.writeString(dir.resolve("mailwright.clean-stop"), "garbage=\u0000");
        assertThat(CleanStop.claim(file).storeUntouched()).as("an unreadable record").isFalse();
        assertThat(CleanStop.none().storeUntouched()).isFalse();
        assertThat(CleanStop.none().record(stopped)).isFalse();
    }
}
