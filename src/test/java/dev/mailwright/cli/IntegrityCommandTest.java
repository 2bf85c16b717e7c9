package dev.mailwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.mailwright.MailwrightApplication;
import dev.mailwright.store.integrity.IntegrityCheck;

/**
 * {@code mailwright admin check [--repair]} and the check at start, against an H2 file damaged with plain SQL between
 * two starts (as a crash leaves it). Each command is a fresh application context like the real jar. Budget: six
 * context starts, about a minute on the loaded build machine (time-out 300 s).
 */
@Timeout(300)
class IntegrityCommandTest {

    record Result(int code, String out, String err) {
    }

    private static Result run(Path dataDir, String stdin, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[command.length + 4];
        args[0] = "--mailwright.data-dir=" + dataDir;
        args[1] = "--mailwright.domains=cli.test";
        args[2] = "--mailwright.bootstrap.accounts[0].address=boot@cli.test";
        args[3] = "--mailwright.bootstrap.accounts[0].password=boot-password";
        System.arraycopy(command, 0, args, 4, command.length);
        int code = AdminLauncher.launch(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void sql(Path dataDir, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("mailwright"), "sa", "");
             Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private static long number(Path dataDir, String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("mailwright"), "sa", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final String INBOX_OF_A = "(SELECT b.id FROM mailbox b JOIN account a ON a.id = b.account_id"
            + " WHERE a.address = 'a@cli.test' AND b.name = 'INBOX')";

    @Test
    void checkShouldReportDamageWithExitOneAndRepairItWithExitZero() throws Exception {
        Path dir = Files.createTempDirectory("mailwright-check-");
        Result add = run(dir, "s3cret-password\n", "account", "add", "a@cli.test", "--password-stdin");
        assertThat(add.code()).as(add.err()).isZero();

        Result clean = run(dir, "", "check");
        assertThat(clean.code()).as(clean.err()).isEqualTo(AdminCommandLine.OK);
        assertThat(clean.out()).contains("clean");

        sql(dir, "UPDATE mailbox SET message_count = 5, unseen_count = 5 WHERE id = " + INBOX_OF_A);
        Result found = run(dir, "", "check");
        assertThat(found.code()).isEqualTo(AdminCommandLine.REFUSED);
        assertThat(found.out()).contains("COUNTERS_WRONG account a@cli.test mailbox INBOX: 1, to repair: messages 5 -> 0");
        assertThat(number(dir, "SELECT message_count FROM mailbox WHERE id = " + INBOX_OF_A)).isEqualTo(5);

        Result repaired = run(dir, "", "check", "--repair", "--blobs", "hash");
        assertThat(repaired.code()).as(repaired.out() + repaired.err()).isEqualTo(AdminCommandLine.OK);
        assertThat(repaired.out()).contains("COUNTERS_WRONG account a@cli.test mailbox INBOX: 1, repaired");
        assertThat(number(dir, "SELECT message_count FROM mailbox WHERE id = " + INBOX_OF_A)).isZero();

        Result usage = run(dir, "", "check", "--blobs", "sometimes");
        assertThat(usage.code()).isEqualTo(AdminCommandLine.USAGE);
        assertThat(usage.err()).contains("--blobs takes none, exists or hash");
    }

    @Test
    void theServerShouldRepairAtStartBeforeServing() throws Exception {
        Path dir = Files.createTempDirectory("mailwright-check-start-");
        Result add = run(dir, "s3cret-password\n", "account", "add", "a@cli.test", "--password-stdin");
        assertThat(add.code()).as(add.err()).isZero();
        long validity = number(dir, "SELECT uidvalidity FROM mailbox WHERE id = " + INBOX_OF_A);
        // after a crash: rows above the counter (a UID handed out, then the counter went back)
        sql(dir, "UPDATE mailbox SET uid_next = 1, highest_modseq = 1 WHERE id = " + INBOX_OF_A);
        sql(dir, "INSERT INTO expunged (mailbox_id, uid, modseq) VALUES (" + INBOX_OF_A + ", 4, 6)");

        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(MailwrightApplication.class).run(
                "--mailwright.data-dir=" + dir, "--mailwright.domains=cli.test", "--server.port=0",
                "--mailwright.bootstrap.accounts[0].address=boot@cli.test",
                "--mailwright.bootstrap.accounts[0].password=boot-password",
                "--mailwright.smtp.port=0", "--mailwright.submission.port=0", "--mailwright.submissions.port=0",
                "--mailwright.imap.port=0", "--mailwright.imaps.port=0", "--mailwright.delivery.workers=0")) {
            var report = server.getBean(IntegrityCheck.class).lastReport().orElseThrow();
            assertThat(report.repairMode()).isTrue();
            assertThat(report.findings()).anySatisfy(f -> assertThat(f.line()).contains("COUNTERS_BEHIND account a@cli.test mailbox INBOX"));
        }
        assertThat(number(dir, "SELECT uid_next FROM mailbox WHERE id = " + INBOX_OF_A)).isEqualTo(5);
        assertThat(number(dir, "SELECT highest_modseq FROM mailbox WHERE id = " + INBOX_OF_A)).isEqualTo(6);
        assertThat(number(dir, "SELECT uidvalidity FROM mailbox WHERE id = " + INBOX_OF_A)).isGreaterThan(validity);
    }
}
