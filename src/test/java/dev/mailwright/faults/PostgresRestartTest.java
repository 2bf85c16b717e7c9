package dev.mailwright.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mailwright.MailwrightApplication;
import dev.mailwright.net.ListenerManager;
import dev.mailwright.net.TestPorts;

/**
 * PostgreSQL restarted under load, with no restart of Mailwright: a throw-away cluster of our own (initdb + pg_ctl as
 * user postgres, the newest PostgreSQL installed under /usr/lib/postgresql) on a free port, SMTP deliveries running in a loop and an IMAP session with
 * INBOX selected. While the database is down SMTP answers {@code 451 4.3.0} and IMAP {@code NO [UNAVAILABLE]}; once
 * it is back both work again by themselves, and every message acknowledged with 250 is stored exactly once.
 * Skipped (with a message) where the PostgreSQL binaries or root are missing. Budget: under 90 s (time-out 240 s).
 */
@Timeout(240)
class PostgresRestartTest {
    private static final Path BIN = newestPostgres();
    private static final String PASSWORD = "pg-restart-secret";
    private static final String USER = "pg@faults.test";
    private static Path cluster;
    private static Path dataDir;
    private static int pgPort;
    private static ConfigurableApplicationContext server;

    /** The newest {@code /usr/lib/postgresql/<n>/bin} with an initdb (Debian's layout; .ci/run installs one). */
    private static Path newestPostgres() {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(java.util.Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElse(Path.of("/usr/lib/postgresql/15/bin"));
        } catch (IOException e) {
            return Path.of("/usr/lib/postgresql/15/bin");
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    private static void pgCtl(String action) throws Exception {
        if (action.equals("start")) {
            run("runuser", "-u", "postgres", "--", BIN.resolve("pg_ctl").toString(), "-D", cluster.resolve("db").toString(),
                    "-l", cluster.resolve("log").toString(), "-w", "-t", "60",
                    "-o", "-p " + pgPort + " -k " + cluster + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        } else {
            run("runuser", "-u", "postgres", "--", BIN.resolve("pg_ctl").toString(), "-D", cluster.resolve("db").toString(),
                    "-w", "-t", "60", "-m", "fast", "stop");
        }
    }

    @BeforeAll
    static void startClusterAndServer() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BIN.resolve("initdb")), "PostgreSQL binaries not installed in " + BIN);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run PostgreSQL as user postgres");
        cluster = Files.createTempDirectory("mailwright-pg-restart-");
        run("chown", "postgres", cluster.toString());
        run("runuser", "-u", "postgres", "--", BIN.resolve("initdb").toString(), "-D", cluster.resolve("db").toString(),
                "-A", "trust", "-U", "postgres", "--no-sync");
        pgPort = TestPorts.freePort();
        pgCtl("start");
        server = new SpringApplicationBuilder(MailwrightApplication.class).run(
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--spring.datasource.hikari.maximum-pool-size=8", "--spring.datasource.hikari.connection-timeout=3000",
                "--mailwright.data-dir=" + (dataDir = Files.createTempDirectory("mailwright-pg-restart-data-")),
                "--mailwright.domains=faults.test", "--server.port=0",
                "--mailwright.bootstrap.accounts[0].address=" + USER, "--mailwright.bootstrap.accounts[0].password=" + PASSWORD,
                "--mailwright.smtp.port=" + TestPorts.freePort(), "--mailwright.smtp.bind=127.0.0.1",
                "--mailwright.imap.port=" + TestPorts.freePort(), "--mailwright.imap.bind=127.0.0.1",
                "--mailwright.submission.port=0", "--mailwright.submissions.port=0", "--mailwright.imaps.port=0",
                "--mailwright.security.allow-plaintext-auth=true", "--mailwright.delivery.workers=0");
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (server != null) {
            server.close();
        }
        if (cluster != null) {
            try {
                pgCtl("stop");
            } catch (IOException alreadyStopped) {
                // stopped by the test
            }
            run("rm", "-rf", cluster.toString());
        }
        if (dataDir != null) {
            run("rm", "-rf", dataDir.toString());
        }
    }


    private static int port(String listener) {
        return server.getBean(ListenerManager.class).boundPort(listener);
    }

    @Test
    void sessionsShouldGetTemporaryErrorsWhileTheDatabaseIsDownAndRecoverByThemselves() throws Exception {
        int smtp = port("smtp");
        ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> replies = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = Thread.ofVirtual().start(() -> {
            for (int i = 0; running.get(); i++) {
                String body = "load-" + i + "-end";
                try {
                    String reply = LineClient.deliver(smtp, USER, body);
                    replies.add(reply);
                    if (reply.startsWith("250")) {
                        accepted.add(body);
                    }
                } catch (IOException e) {
                    replies.add("io: " + e.getMessage());
                }
            }
        });
        try (LineClient imap = new LineClient(port("imap"), 60_000)) {
            imap.line();
            assertThat(imap.tagged("l1", "LOGIN " + USER + " " + PASSWORD)).startsWith("l1 OK");
            assertThat(imap.tagged("s1", "SELECT INBOX")).startsWith("s1 OK");
            awaitAccepted(accepted, 5);

            pgCtl("stop");
            int before = replies.size();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (replies.stream().skip(before).noneMatch(r -> r.startsWith("451 4.3.0")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(replies.stream().skip(before)).anyMatch(r -> r.startsWith("451 4.3.0"));
            assertThat(imap.tagged("s2", "SELECT INBOX")).startsWith("s2 NO [UNAVAILABLE]");
            assertThat(imap.tagged("f1", "FETCH 1:* (FLAGS)")).doesNotContain("SERVERBUG");

            pgCtl("start");
            int afterRestart = accepted.size();
            awaitAccepted(accepted, afterRestart + 5);
            String reselect = "";
            for (int i = 0; i < 60 && !reselect.startsWith("s3 OK"); i++) {
                reselect = imap.tagged("s3", "SELECT INBOX");
                Thread.sleep(reselect.startsWith("s3 OK") ? 0 : 500);
            }
            assertThat(reselect).startsWith("s3 OK");
        } finally {
            running.set(false);
            load.join(TimeUnit.SECONDS.toMillis(90));
        }
        assertThat(replies).allMatch(r -> r.startsWith("250") || r.startsWith("451 4.3.0") || r.startsWith("421"), "only 250 or temporary");

        JdbcClient jdbc = server.getBean(JdbcClient.class);
        List<String> stored = jdbc.sql("""
                        SELECT m.search_body FROM mailbox_message mm JOIN message m ON m.id = mm.message_id
                        JOIN mailbox b ON b.id = mm.mailbox_id JOIN account a ON a.id = b.account_id
                        WHERE a.address = ? AND b.name = 'INBOX'""").param(USER).query(String.class).list();
        for (String body : accepted) {
            assertThat(stored.stream().filter(text -> text.contains(body)).count()).as(body).isEqualTo(1);
        }
    }

    private static void awaitAccepted(ConcurrentLinkedQueue<String> accepted, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (accepted.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(accepted.size()).as("deliveries acknowledged").isGreaterThanOrEqualTo(count);
    }
}
