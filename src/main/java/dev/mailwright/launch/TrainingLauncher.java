package dev.mailwright.launch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.mailwright.MailwrightApplication;
import dev.mailwright.config.ForcedProperties;

/**
 * Runs {@code java -XX:AOTCacheOutput=... -jar mailwright.jar train [--property=value ...]}: the whole server on
 * loopback ports nobody else uses, a {@link TrainingWorkload} of SMTP deliveries, IMAP sessions and webmail visits
 * against it, then exit. The JVM writes its AOT cache (JDK 25: the loaded classes and the profiles of every method the workload ran,
 * JEP 483/515) when the process ends, so a server started with that cache opens its listeners sooner and compiles its
 * mail paths without first profiling them. {@code bin/mailwright} and the Dockerfile record their cache this way.
 *
 * <p>The caller names the data directory ({@code --mailwright.data-dir}, which must be new or empty: never the real
 * store); the database is forced to an H2 file in it, whatever the environment configures. The listener ports, their
 * addresses, the domain, the account, plaintext LOGIN on loopback, the run's own DNS server ({@link TrainingDns}: the
 * inbound checks find the records real senders publish, without the network), no rspamd and no outbound delivery are
 * forced too: command-line properties, so no environment variable can point the training at a real port, store or
 * service.
 */
public final class TrainingLauncher {
    /** The workload failed or the server did not start: the caller records no cache (or a start-up-only one). */
    public static final int FAILED = 4;

    /** application.yml's H2 URL (the same options), for the training's own directory ({@code TrainingLauncherTest}). */
    static final String H2_URL = "jdbc:h2:file:%s/mailwright;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64";
    private static final String DATA_DIR = "--mailwright.data-dir=";

    static final String DOMAIN = "training.invalid";
    static final String USER = "trainer@" + DOMAIN;
    /** The other accounts the training's mail goes to (an MX delivers to many mailboxes, not one). */
    static final List<String> READERS = List.of("reader1@" + DOMAIN, "reader2@" + DOMAIN, "reader3@" + DOMAIN,
            "reader4@" + DOMAIN);

    private TrainingLauncher() {
    }

    /** {@code args}: what followed {@code train}. Returns the exit code. */
    public static int launch(String[] args) {
        Outcome outcome = run(args, TrainingWorkload.MESSAGES, TrainingWorkload.IMAP_ROUNDS, TrainingWorkload.WEBMAIL_ROUNDS);
        outcome.summary().ifPresent(summary -> System.out.printf("mailwright train: %s in %d s%n", summary, outcome.seconds()));
        return outcome.exitCode();
    }

    /** What a training run did: its exit code, and the workload's counts when it completed. */
    record Outcome(int exitCode, Optional<TrainingWorkload.Summary> summary, long seconds) {
    }

    static Outcome run(String[] args, int messages, int imapRounds, int webmailRounds) {
        long started = System.nanoTime();
        Optional<Path> dataDir = Arrays.stream(args).filter(arg -> arg.startsWith(DATA_DIR))
                .reduce((first, last) -> last).map(arg -> Path.of(arg.substring(DATA_DIR.length())).toAbsolutePath());
        if (dataDir.isEmpty() || !isNewOrEmpty(dataDir.get())) {
            System.err.println("mailwright train: needs " + DATA_DIR + "<a new or empty directory> (the training store)");
            return new Outcome(FAILED, Optional.empty(), 0);
        }
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        try (TrainingDns dns = new TrainingDns()) {
            return run(args, dataDir.get(), password, dns, messages, imapRounds, webmailRounds, started);
        } catch (IOException e) {
            System.err.println("mailwright train: no free loopback port: " + e.getMessage());
            return new Outcome(FAILED, Optional.empty(), secondsSince(started));
        }
    }

    private static Outcome run(String[] args, Path dataDir, String password, TrainingDns dns, int messages, int imapRounds,
                               int webmailRounds, long started) throws IOException {
        Map<String, String> forced = forcedProperties(password, dns.port());
        forced.put("mailwright.data-dir", dataDir.toString());
        forced.put("spring.datasource.url", H2_URL.formatted(dataDir));
        forced.put("spring.datasource.driver-class-name", "org.h2.Driver");
        forced.put("spring.datasource.username", "sa");
        forced.put("spring.datasource.password", "");
        List<String> springArgs = ForcedProperties.over(
                Arrays.stream(args).filter(arg -> arg.startsWith("--") && arg.contains("=")).toList(),
                forced.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList());
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MailwrightApplication.class)
                .run(springArgs.toArray(String[]::new))) {
            TrainingWorkload.Summary summary = new TrainingWorkload(Integer.parseInt(forced.get("mailwright.smtp.port")),
                    Integer.parseInt(forced.get("mailwright.imap.port")), Integer.parseInt(forced.get("server.port")), USER,
                    READERS, password, messages, imapRounds, webmailRounds).run();
            int code = SpringApplication.exit(context, () -> 0);
            return new Outcome(code, Optional.of(summary), secondsSince(started));
        } catch (Exception e) {
            System.err.println("mailwright train: failed: " + e);
            return new Outcome(FAILED, Optional.empty(), secondsSince(started));
        }
    }

    private static long secondsSince(long started) {
        return (System.nanoTime() - started) / 1_000_000_000L;
    }

    static Map<String, String> forcedProperties(String password, int dnsPort) throws IOException {
        Map<String, String> forced = new LinkedHashMap<>();
        for (String listener : List.of("smtp", "submission", "submissions", "imap", "imaps", "pop3", "pop3s", "managesieve")) {
            forced.put("mailwright." + listener + ".port", Integer.toString(freePort()));
            forced.put("mailwright." + listener + ".bind", "127.0.0.1");
        }
        forced.put("server.port", Integer.toString(freePort()));
        forced.put("server.address", "127.0.0.1");
        forced.put("mailwright.domains", DOMAIN);
        forced.put("mailwright.hostname", "mx." + DOMAIN);
        forced.put("mailwright.bootstrap.accounts[0].address", USER);
        forced.put("mailwright.bootstrap.accounts[0].password", password);
        for (int i = 0; i < READERS.size(); i++) {
            forced.put("mailwright.bootstrap.accounts[" + (i + 1) + "].address", READERS.get(i));
            forced.put("mailwright.bootstrap.accounts[" + (i + 1) + "].password", password);
        }
        forced.put("mailwright.security.allow-plaintext-auth", "true");
        // twenty senders reconnecting from loopback: more sessions at once than one address may hold by default
        forced.put("mailwright.connections.max-unauthenticated-per-ip", "1000");
        forced.put("mailwright.connections.max-per-ip", "1000");
        forced.put("mailwright.inbound.rate-limits.exempt", "127.0.0.0/8,::1/128");
        forced.put("mailwright.dns.servers", "127.0.0.1:" + dnsPort);   // TrainingDns: the sender domains' records
        forced.put("mailwright.spam.rspamd.url", "");
        forced.put("mailwright.delivery.workers", "0");
        forced.put("spring.main.banner-mode", "off");
        forced.put("logging.level.root", "WARN");
        return forced;
    }

    private static boolean isNewOrEmpty(Path directory) {
        if (!Files.exists(directory)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** A port free on loopback now (the listener binds it a moment later; a clash fails the training, not the server). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
