package dev.mailwright.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.mailwright.net.TestPorts;

/**
 * {@code bin/mailwright} against the packaged jar: {@code --prepare} (what the first start does before it starts the
 * server) extracts the jar and records the JDK's AOT cache in a training run that serves its whole workload
 * ({@link TrainingLauncher}), a later start uses it and ends in a server that answers on its SMTP port. Runs in the
 * {@code start-script} execution of the integration-test phase (it needs the jar {@code package} builds), two to three
 * minutes on two loaded cores; the whole test is bounded by its time-out.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class StartScriptTest {
    private static final Duration START_BUDGET = Duration.ofMinutes(8);

    @TempDir
    Path work;

    @Test
    void preparingRecordsTheCacheAndLaterStartsUseIt() throws Exception {
        Path jar = Path.of(System.getProperty("mailwright.jar", "target/missing.jar"));
        assertThat(jar).as("the packaged jar (run in the integration-test phase)").isRegularFile();
        Path cache = work.resolve("cache");

        String first = prepare(jar, cache, work.resolve("first.log"));
        assertThat(first).as(() -> "the training's own log:\n" + trainingLogTail(cache))
                .contains("extracting", "recording the start-up cache", "prepared")
                .doesNotContain("training failed", "training run failed");
        try (Stream<Path> recorded = Files.walk(cache)) {
            assertThat(recorded.filter(path -> path.toString().endsWith("mailwright.aot")).toList())
                    .singleElement()
                    .satisfies(aot -> assertThat(Files.size(aot)).isGreaterThan(10_000_000L));
        }
        assertThat(Files.list(cache).toList()).as("nothing of the training left in the cache but the log")
                .allSatisfy(entry -> assertThat(entry.getFileName().toString()).doesNotEndWith(".partial"));
        try (Stream<Path> logs = Files.walk(cache)) {
            Path training = logs.filter(path -> path.getFileName().toString().equals("training.log")).findFirst().orElseThrow();
            assertThat(Files.readString(training, StandardCharsets.UTF_8)).as("the training run served its whole workload")
                    .contains("mailwright train: " + TrainingWorkload.MESSAGES + " messages delivered over SMTP")
                    .containsPattern("IMAP commands, [1-9][0-9]+ webmail requests");
        }

        String second = startAnswerAndStop(jar, cache, work.resolve("second.log"));
        assertThat(second).doesNotContain("extracting", "recording the start-up cache")
                .doesNotContainIgnoringCase("unable to use")
                .contains("Started MailwrightApplication");
    }

    /** {@code bin/mailwright} with these arguments, this JDK and cache, its output into {@code log}. */
    private static ProcessBuilder script(Path cache, Path log, List<String> arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("bin/mailwright"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("MAILWRIGHT_CACHE_DIR", cache.toString());
        // whatever datasource the machine's environment names, the script's training must not use it
        builder.environment().put("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:1/not-to-be-used");
        return builder;
    }

    /** {@code bin/mailwright --prepare}: must end by itself, successfully, having started no server; returns the log. */
    private String prepare(Path jar, Path cache, Path log) throws Exception {
        Process process = script(cache, log, List.of("--jar", jar.toString(), "--prepare")).start();
        try {
            assertThat(process.waitFor(START_BUDGET.toSeconds(), TimeUnit.SECONDS)).as(() -> tail(log)).isTrue();
            assertThat(process.exitValue()).as(() -> tail(log)).isZero();
        } finally {
            process.destroyForcibly().waitFor();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("Started MailwrightApplication");
        return text;
    }

    /** Starts the script with its own data directory and ports, waits for the MX banner, stops it; returns the log. */
    private String startAnswerAndStop(Path jar, Path cache, Path log) throws Exception {
        int smtp = TestPorts.freePort();
        int web = TestPorts.freePort();
        Path data = work.resolve("data");
        Process process = script(cache, log, List.of("--jar", jar.toString(), "--mailwright.data-dir=" + data,
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("mailwright"), "--server.port=" + web,
                "--server.address=127.0.0.1", "--mailwright.smtp.bind=127.0.0.1", "--mailwright.smtp.port=" + smtp,
                "--mailwright.submission.port=0", "--mailwright.submissions.port=0", "--mailwright.imap.port=0",
                "--mailwright.imaps.port=0", "--mailwright.pop3.port=0", "--mailwright.pop3s.port=0",
                "--mailwright.managesieve.port=0", "--mailwright.delivery.workers=0")).start();
        try {
            assertThat(bannerWithin(process, smtp)).as(() -> tail(log)).startsWith("220 ");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- end of the log:\n" + tail(log), e);
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The end of the training run's log, without the JVM's warnings: what the workload or the server said last. */
    private static String trainingLogTail(Path cache) {
        try (Stream<Path> logs = Files.walk(cache)) {
            return logs.filter(path -> path.getFileName().toString().equals("training.log")).findFirst()
                    .map(StartScriptTest::tail).orElse("(no training.log)");
        } catch (IOException e) {
            return "(no cache directory: " + e + ")";
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String bannerWithin(Process process, int port) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_BUDGET.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("bin/mailwright ended with status " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                socket.setSoTimeout(30_000);
                return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError("no SMTP banner on port " + port + " within " + START_BUDGET);
    }
}
