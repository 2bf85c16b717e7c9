package dev.mailwright.managesieve;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code sieve-connect} run by a test against the listener on loopback, password on standard input
 * ({@code --passwordfd 0}), the self-signed certificate accepted. Missing, it fails under CI ({@code CI=true}; .ci/run
 * installs it) and skips elsewhere. Each run is limited to 60 s.
 */
final class SieveConnect {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    private final Path home;
    private final int port;
    private final String user;
    private final String password;
    private final String mechanism;

    SieveConnect(Path home, int port, String user, String password, String mechanism) {
        this.home = home;
        this.port = port;
        this.user = user;
        this.password = password;
        this.mechanism = mechanism;
    }

    static void require() {
        boolean present = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(p -> Files.isExecutable(Path.of(p, "sieve-connect")));
        if (!present) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("sieve-connect is not installed (CI=true: .ci/run must install it)");
            }
            Assumptions.abort("sieve-connect is not installed");
        }
    }

    /** Runs one action ({@code --upload}, {@code --list}, ...) with its extra arguments; returns the output. */
    String run(int expectedExit, String... action) throws Exception {
        List<String> command = new ArrayList<>(List.of("sieve-connect", "--nosrv", "--server", "127.0.0.1",
                "--port", Integer.toString(port), "--user", user, "--passwordfd", "0", "--notlsverify", "--noclearauth",
                "--noclearchan", "--authmech", mechanism));
        command.addAll(List.of(action));
        Path passwordFile = home.resolve("password-" + System.nanoTime());
        Files.writeString(passwordFile, password + "\n");
        Path log = home.resolve("run-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(passwordFile.toFile());
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("sieve-connect did not finish in " + RUN_LIMIT + ":\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        if (process.exitValue() != expectedExit) {
            fail("sieve-connect " + String.join(" ", action) + " exited " + process.exitValue() + ":\n" + output);
        }
        return output;
    }
}
