package dev.mailwright.inbound.rspamd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import dev.mailwright.net.TestPorts;

/**
 * A real rspamd (Debian's package) and the redis-server its Bayes classifier uses, both on free loopback ports, with
 * the configuration in src/test/resources/rspamd over the packaged one. Started once per test class; start-up takes
 * about 10 s (the regexp cache is compiled), bounded at 90 s.
 */
public final class RspamdProcess implements AutoCloseable {
    private static final Duration START_BUDGET = Duration.ofSeconds(90);
    private static final Pattern LEARNED = Pattern.compile("\"learned\"\\s*:\\s*(\\d+)");

    private final Path dir;
    private final int scanPort;
    private final int controllerPort;
    private final int redisPort;
    private Process redis;
    private Process rspamd;

    private RspamdProcess(Path dir) {
        this.dir = dir;
        this.scanPort = TestPorts.freePort();
        this.controllerPort = TestPorts.freePort();
        this.redisPort = TestPorts.freePort();
    }

    public static RspamdProcess start() {
        try {
            Path dir = Files.createTempDirectory("mailwright-rspamd");
            RspamdProcess process = new RspamdProcess(dir);
            process.launch();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String scanUrl() {
        return "http://127.0.0.1:" + scanPort;
    }

    public String controllerUrl() {
        return "http://127.0.0.1:" + controllerPort;
    }

    private void launch() throws IOException {
        if (!Files.isExecutable(Path.of("/usr/bin/rspamd")) || !Files.isExecutable(Path.of("/usr/bin/redis-server"))) {
            throw new IllegalStateException("rspamd and redis-server must be installed (apt-get install rspamd redis-server)");
        }
        Path config = dir.resolve("conf");
        copyConfiguration(config);
        for (String sub : List.of("db", "run", "log")) {
            Files.createDirectories(dir.resolve(sub));
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {   // rspamd refuses to run its workers as root: give the files to its own user
            run("chown", "-R", "_rspamd:_rspamd", dir.toString());
        }
        redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
        List<String> command = new ArrayList<>(List.of("rspamd", "-f", "-c", "/etc/rspamd/rspamd.conf",
                "--var", "LOCAL_CONFDIR=" + config, "--var", "DBDIR=" + dir.resolve("db"),
                "--var", "RUNDIR=" + dir.resolve("run"), "--var", "LOGDIR=" + dir.resolve("log"),
                "--var", "MW_SCAN_PORT=" + scanPort, "--var", "MW_CONTROLLER_PORT=" + controllerPort,
                "--var", "MW_PROXY_PORT=" + TestPorts.freePort(), "--var", "MW_REDIS_PORT=" + redisPort));
        if (root) {
            command.addAll(List.of("-u", "_rspamd", "-g", "_rspamd"));
        }
        rspamd = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("rspamd.out").toFile()).start();
        awaitReady();
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + START_BUDGET.toNanos();
        while (System.nanoTime() < deadline) {
            if (!rspamd.isAlive()) {
                throw new IllegalStateException("rspamd exited: " + Files.readString(dir.resolve("rspamd.out")));
            }
            if (answers(scanUrl() + "/ping") && answers(controllerUrl() + "/stat")) {
                return;
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException("rspamd not ready within " + START_BUDGET);
    }

    /** The controller's {@code learned} count (/stat). */
    public long learned() {
        String stat = get(controllerUrl() + "/stat");
        Matcher m = LEARNED.matcher(stat);
        if (!m.find()) {
            throw new IllegalStateException("no learned count in /stat: " + stat);
        }
        return Long.parseLong(m.group(1));
    }

    /** Stops rspamd (not redis): the scanner port refuses connections from now on. */
    public void stopRspamd() {
        stop(rspamd);
    }

    @Override
    public void close() {
        stop(rspamd);
        stop(redis);
    }

    private static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean answers(String url) {
        try {
            get(url);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static String get(String url) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + ": HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyConfiguration(Path target) throws IOException {
        Path source;
        try {
            source = Path.of(RspamdProcess.class.getResource("/rspamd/local.d").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }

    private static void run(String... command) throws IOException {
        try {
            if (new ProcessBuilder(command).inheritIO().start().waitFor() != 0) {
                throw new IOException("failed: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
