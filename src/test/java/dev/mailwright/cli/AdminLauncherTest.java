package dev.mailwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import dev.mailwright.net.TestPorts;

/** The {@code admin} command line in process, against an H2 file, with a fresh context per command like the real jar. */
@Timeout(300)
class AdminLauncherTest {

    record Result(int code, String out, String err) {
    }

    private static Result run(Path dataDir, String stdin, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[command.length + 3];
        args[0] = "--mailwright.data-dir=" + dataDir;
        args[1] = "--mailwright.domains=cli.test";
        args[2] = "--mailwright.bootstrap.accounts[0].address=boot@cli.test";
        // a property that looks like a listener: must stay off whatever the environment says
        System.arraycopy(command, 0, args, 3, command.length);
        int code = AdminLauncher.launch(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void commandsShouldPersistInTheConfiguredDatabaseWithoutStartingListeners() throws IOException {
        Path dir = Files.createTempDirectory("mailwright-cli-");
        int smtpPort = TestPorts.freePort();
        Result domain = run(dir, "", "--mailwright.smtp.port=" + smtpPort, "--mailwright.bootstrap.accounts[0].password=boot-password",
                "domain", "add", "x.org");
        assertThat(domain.code()).as(domain.err()).isZero();
        try (ServerSocket stillFree = new ServerSocket()) {
            stillFree.bind(new InetSocketAddress("0.0.0.0", smtpPort));   // nothing listened there
        }

        Result add = run(dir, "s3cret-password\n", "--mailwright.bootstrap.accounts[0].password=boot-password",
                "account", "add", "a@x.org", "--password-stdin", "--quota-bytes", "10MB", "--quota-messages", "100");
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).contains("a@x.org\tuser\tenabled\t0/10485760 bytes\t0/100 messages");

        Result list = run(dir, "", "--mailwright.bootstrap.accounts[0].password=boot-password", "account", "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("a@x.org\tuser", "boot@cli.test\tuser");

        Result duplicate = run(dir, "another-password\n", "--mailwright.bootstrap.accounts[0].password=boot-password",
                "account", "add", "a@x.org", "--password-stdin");
        assertThat(duplicate.code()).isEqualTo(AdminCommandLine.REFUSED);
        assertThat(duplicate.err()).contains("already exists");
    }

    @Test
    void usageErrorsShouldExitWithTwoBeforeStartingAnything() throws IOException {
        Path dir = Files.createTempDirectory("mailwright-cli-");
        Result none = run(dir, "");
        assertThat(none.code()).isEqualTo(AdminCommandLine.USAGE);
        assertThat(none.err()).contains("usage: mailwright admin");
        assertThat(Files.list(dir)).isEmpty();   // no database was created
    }

    @Test
    void propertyArgumentsShouldBeToldApartFromCommandOptions() {
        assertThat(AdminLauncher.isProperty("--mailwright.data-dir=/x")).isTrue();
        assertThat(AdminLauncher.isProperty("--spring.datasource.url=jdbc:h2:mem:a;X=1")).isTrue();
        assertThat(AdminLauncher.isProperty("--quota-bytes")).isFalse();
        assertThat(AdminLauncher.isProperty("--password-stdin")).isFalse();
        assertThat(AdminLauncher.isProperty("a@x.org")).isFalse();
    }
}
