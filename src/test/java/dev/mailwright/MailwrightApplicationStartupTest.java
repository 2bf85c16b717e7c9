package dev.mailwright;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.net.TestPorts;

/** The whole application, started as `./mvnw spring-boot:run` starts it, on the embedded H2 default. */
class MailwrightApplicationStartupTest {


    private static ConfigurableApplicationContext start(Path dataDir, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--mailwright.data-dir=" + dataDir,
                "--server.port=0",
                "--mailwright.smtp.port=" + TestPorts.freePort(),
                "--mailwright.submission.port=" + TestPorts.freePort(),
                "--mailwright.submissions.port=" + TestPorts.freePort(),
                "--mailwright.imap.port=" + TestPorts.freePort(),
                "--mailwright.imaps.port=" + TestPorts.freePort(),
                "--management.endpoint.health.show-components=always"));
        for (String option : extra) {   // an extra option replaces the default of the same name
            String name = option.substring(0, option.indexOf('=') + 1);
            args.removeIf(arg -> arg.startsWith(name));
            args.add(option);
        }
        return SpringApplication.run(MailwrightApplication.class, args.toArray(String[]::new));
    }

    private static String get(ConfigurableApplicationContext context, String path) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void applicationShouldStartOnEmbeddedH2CreateBootstrapAccountsOnceAndReportHealthUp(@TempDir Path dataDir) throws Exception {
        String[] bootstrap = {"--mailwright.bootstrap.accounts[0].address=Alice@Example.test",
                "--mailwright.bootstrap.accounts[0].password=correct horse"};
        try (ConfigurableApplicationContext context = start(dataDir, bootstrap)) {
            AccountStore accounts = context.getBean(AccountStore.class);
            AccountStore.Account alice = accounts.findAccount("alice@example.test").orElseThrow();
            assertThat(accounts.accounts()).extracting(AccountStore.Account::address).containsExactly("alice@example.test");
            assertThat(alice.passwordHash()).startsWith("{argon2}").doesNotContain("correct horse");
            assertThat(context.getBean(MailStore.class).mailboxes(alice.id())).extracting(MailboxInfo::name)
                    .containsExactlyInAnyOrder("INBOX", "Drafts", "Sent", "Trash", "Junk", "Archive");

            String health = get(context, "/actuator/health");
            assertThat(health).contains("\"status\":\"UP\"}").endsWith("\"status\":\"UP\"}").contains("\"db\":{\"status\":\"UP\"}")
                    .contains("\"blobStore\":{\"status\":\"UP\"}");
        }
        assertThat(dataDir.resolve("mailwright.mv.db")).exists();
        String certificate = Files.readString(dataDir.resolve("tls/self-signed.crt"));

        try (ConfigurableApplicationContext context = start(dataDir, bootstrap)) {
            AccountStore accounts = context.getBean(AccountStore.class);
            assertThat(accounts.accounts()).hasSize(1);
            assertThat(context.getBean(MailStore.class).mailboxes(accounts.accounts().getFirst().id())).hasSize(6);
        }
        assertThat(Files.readString(dataDir.resolve("tls/self-signed.crt"))).isEqualTo(certificate);
    }

    @Test
    void stoppingShouldTellConnectedSmtpAndImapClientsBeforeClosing(@TempDir Path dataDir) throws Exception {
        int smtpPort = TestPorts.freePort();
        int imapPort = TestPorts.freePort();
        ConfigurableApplicationContext context = start(dataDir, "--mailwright.smtp.port=" + smtpPort,
                "--mailwright.imap.port=" + imapPort);
        try (Socket smtp = new Socket("127.0.0.1", smtpPort); Socket imap = new Socket("127.0.0.1", imapPort)) {
            smtp.setSoTimeout(10_000);
            imap.setSoTimeout(10_000);
            BufferedReader smtpIn = new BufferedReader(new InputStreamReader(smtp.getInputStream(), StandardCharsets.US_ASCII));
            BufferedReader imapIn = new BufferedReader(new InputStreamReader(imap.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(smtpIn.readLine()).startsWith("220 ");
            assertThat(imapIn.readLine()).startsWith("* OK ");

            context.close();

            assertThat(smtpIn.readLine()).startsWith("421 4.3.2 ");
            assertThat(imapIn.readLine()).isEqualTo("* BYE Server shutting down");
            assertThat(smtpIn.readLine()).isNull();
            assertThat(imapIn.readLine()).isNull();
        } finally {
            context.close();
        }
    }

    /** Records, when the first lifecycle starts (listeners start in a lifecycle), whether the bootstrap account exists. */
    static class LifecycleProbe implements org.springframework.context.SmartLifecycle {
        static volatile java.util.Optional<Boolean> accountExistedAtStart = java.util.Optional.empty();
        private final AccountStore accounts;
        private volatile boolean running;

        LifecycleProbe(AccountStore accounts) {
            this.accounts = accounts;
        }

        @Override
        public void start() {
            accountExistedAtStart = java.util.Optional.of(accounts.findAccount("early@example.test").isPresent());
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return Integer.MIN_VALUE;   // before every other lifecycle, the listeners included
        }
    }

    @Test
    void bootstrapAccountsShouldExistBeforeAnyListenerStarts(@TempDir Path dataDir) throws Exception {
        List<String> args = new ArrayList<>(List.of("--mailwright.data-dir=" + dataDir, "--server.port=0",
                "--mailwright.smtp.port=" + TestPorts.freePort(), "--mailwright.submission.port=0", "--mailwright.submissions.port=0",
                "--mailwright.imap.port=0", "--mailwright.imaps.port=0",
                "--mailwright.bootstrap.accounts[0].address=early@example.test",
                "--mailwright.bootstrap.accounts[0].password=early-bird"));
        try (ConfigurableApplicationContext context = new org.springframework.boot.builder.SpringApplicationBuilder(
                MailwrightApplication.class, LifecycleProbe.class).run(args.toArray(String[]::new))) {
            assertThat(LifecycleProbe.accountExistedAtStart).contains(true);
        }
    }

    @Test
    void firstStartWithoutBootstrapAccountShouldCreateOneAdminOnly(@TempDir Path dataDir) throws Exception {
        try (ConfigurableApplicationContext context = start(dataDir, "--mailwright.domains=first.test,second.test")) {
            AccountStore accounts = context.getBean(AccountStore.class);
            assertThat(accounts.accounts()).singleElement().satisfies(admin -> {
                assertThat(admin.address()).isEqualTo("admin@first.test");
                assertThat(admin.admin()).isTrue();
            });
            assertThat(accounts.isLocalDomain("second.test")).isTrue();
        }
        try (ConfigurableApplicationContext context = start(dataDir, "--mailwright.domains=first.test,second.test")) {
            assertThat(context.getBean(AccountStore.class).accounts()).hasSize(1);
        }
    }

    @Test
    void webmailShouldRequireSignInAndSendAStrictContentSecurityPolicy(@TempDir Path dataDir) throws Exception {
        try (ConfigurableApplicationContext context = start(dataDir)) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
            assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'self'").contains("object-src 'none'").doesNotContain("unsafe-inline"));
        }
    }
}
