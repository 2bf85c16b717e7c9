package dev.mailwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code main} with {@code admin} as a real process: the exit code reaches the shell, stdin carries the password. */
@Timeout(300)
class AdminSubprocessTest {

    record Outcome(int code, String out) {
    }

    private static Outcome java(Path dataDir, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.mailwright.MailwrightApplication", "admin",
                "--mailwright.data-dir=" + dataDir, "--mailwright.domains=sub.test"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        return new Outcome(process.exitValue(), out);
    }

    /**
     * One JVM start (they are slow on a loaded CI machine): a refusal's non-zero code must reach the shell, and the
     * refusal must be about the password read from stdin (a password never read would be another refusal).
     * AdminCommandLineTest covers every command and code in process.
     */
    @Test
    void mainShouldRunTheAdminCommandAndExitWithItsCode() throws Exception {
        Path dir = Files.createTempDirectory("mailwright-cli-proc-");
        Outcome refused = java(dir, "tiny-pw\n", "account", "add", "pat@sub.test", "--password-stdin", "--admin");
        assertThat(refused.code()).as(refused.out()).isEqualTo(AdminCommandLine.REFUSED);
        assertThat(refused.out()).contains("The password needs at least").doesNotContain("tiny-pw");
    }
}
