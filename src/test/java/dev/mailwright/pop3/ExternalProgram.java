package dev.mailwright.pop3;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/** A real client program run by a test: missing fails under CI ({@code CI=true}, .ci/run installs it), else skips. */
final class ExternalProgram {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    private ExternalProgram() {
    }

    static void require(String program) {
        boolean present = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(p -> Files.isExecutable(Path.of(p, program)));
        if (!present) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(program + " is not installed (CI=true: .ci/run must install it)");
            }
            Assumptions.abort(program + " is not installed");
        }
    }

    /** Runs with HOME in {@code home}, output captured; fails on time-out or an exit code other than {@code expectedExit}. */
    static String run(Path home, List<String> command, int expectedExit) throws Exception {
        Path log = home.resolve("run-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("HOME", home.toString());
        builder.environment().put("FETCHMAILHOME", home.toString());
        Process process = builder.start();
        if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command.getFirst() + " did not finish in " + RUN_LIMIT + ":\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        if (process.exitValue() != expectedExit) {
            fail(command.getFirst() + " exited " + process.exitValue() + ":\n" + output);
        }
        return output;
    }
}
