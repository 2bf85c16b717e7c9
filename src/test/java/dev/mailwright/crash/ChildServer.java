package dev.mailwright.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.mailwright.net.TestPorts;

/**
 * The real application in a child JVM ({@code java -cp <test class path> dev.mailwright.MailwrightApplication}),
 * with its own data directory and ports, killed with SIGKILL and started again on the same data.
 * Its output goes to {@code server.log} in the data directory (appended across starts).
 */
final class ChildServer {
    /** The exit status the JVM reports for a process ended by SIGKILL (128 + 9). */
    static final int SIGKILL_STATUS = 137;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(600);

    final int smtpPort;
    final int imapPort;
    private final Path dataDir;
    private final List<String> extraArgs;
    private Process process;

    ChildServer(Path dataDir, List<String> extraArgs) throws IOException {
        this.dataDir = dataDir;
        this.extraArgs = extraArgs;
        this.smtpPort = TestPorts.freePort();
        this.imapPort = TestPorts.freePort();
    }

    Path log() {
        return dataDir.resolve("server.log");
    }

    void start() throws Exception {
        ChildClassPath child = ChildClassPath.get();
        List<String> command = new ArrayList<>();
        command.add(ChildClassPath.java());
        command.addAll(child.jvmOptions);   // fast start over peak speed: each crash cycle starts a fresh JVM
        command.addAll(List.of("-cp", child.classPath, "dev.mailwright.MailwrightApplication",
                "--mailwright.data-dir=" + dataDir,
                "--mailwright.domains=" + CrashLoad.DOMAIN,
                "--mailwright.security.allow-plaintext-auth=true",
                "--mailwright.smtp.port=" + smtpPort,
                "--mailwright.submission.port=0",
                "--mailwright.submissions.port=0",
                "--mailwright.imap.port=" + imapPort,
                "--mailwright.imaps.port=0", "--mailwright.pop3.port=0", "--mailwright.pop3s.port=0",
                "--mailwright.delivery.workers=0",
                "--mailwright.storage.blob-sweep-interval=0",
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.jmx.enabled=false",
                "--logging.level.root=WARN"));
        command.addAll(extraArgs);
        Files.createDirectories(dataDir);
        // the H2 file as the kill left it, before this start's recovery and integrity repair: the evidence when a
        // check after this start fails
        Path h2 = dataDir.resolve("mailwright.mv.db");
        if (Files.exists(h2)) {
            Files.copy(h2, dataDir.resolve("mailwright.mv.db.as-killed"), StandardCopyOption.REPLACE_EXISTING);
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!(greets(smtpPort, "220") && greets(imapPort, "* OK"))) {
            if (!process.isAlive()) {
                throw new AssertionError("The server exited with " + process.exitValue() + " during start-up:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The server did not start within " + START_TIMEOUT + ":\n" + tail());
            }
            Thread.sleep(100);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no close; exactly {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("killed server exits").isTrue();
        assertThat(process.exitValue()).as("the JVM was ended by SIGKILL").isEqualTo(SIGKILL_STATUS);
    }

    /** A normal stop (SIGTERM), for the end of the test. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static boolean greets(int port, String prefix) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[prefix.length()];
            int read = 0;
            while (read < buffer.length) {
                int n = in.read(buffer, read, buffer.length - read);
                if (n < 0) {
                    return false;
                }
                read += n;
            }
            return new String(buffer, StandardCharsets.US_ASCII).equals(prefix);
        } catch (IOException e) {
            return false;
        }
    }

}
