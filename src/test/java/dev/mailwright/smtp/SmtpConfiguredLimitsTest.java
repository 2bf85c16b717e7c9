package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.net.ListenerManager;
import dev.mailwright.smtp.RawSmtpClient.Reply;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.StoreException;
import dev.mailwright.net.TestPorts;

/** Limits that need their own configuration: idle timeout, connections per IP, AUTH throttling, plaintext AUTH. */
@SpringBootTest(properties = {
        "mailwright.hostname=mx.example.test",
        "mailwright.domains=example.test",
        "mailwright.imap.port=0",
        "mailwright.imaps.port=0",
        "mailwright.delivery.workers=0",
        "mailwright.submissions.port=0",
        "mailwright.bootstrap.accounts[0].address=dave@example.test",
        "mailwright.bootstrap.accounts[0].password=dave-secret",
        "mailwright.bootstrap.accounts[1].address=erin@example.test",
        "mailwright.bootstrap.accounts[1].password=erin-secret",
        "mailwright.smtp-limits.idle-timeout=1s",
        "mailwright.smtp-limits.max-command-line=100",
        "mailwright.smtp-limits.max-text-line=200",
        "mailwright.connections.max-per-ip=2",
        "mailwright.security.allow-plaintext-auth=true",
        "mailwright.security.max-auth-failures-per-ip=100",
        "mailwright.security.max-auth-failures-per-account=3",
})
class SmtpConfiguredLimitsTest {
    /** Envelope sender whose messages the store refuses with a storage failure (see {@link FailingStore}). */
    static final String FAILING_SENDER = "fail-storage@remote.invalid";

    static final int SMTP_PORT = TestPorts.freePort();
    static final int SUBMISSION_PORT = TestPorts.freePort();

    @Autowired
    ListenerManager listeners;

    private static Path staleSpoolFile;
    private static Path freshSpoolFile;

    @DynamicPropertySource
    static void listeners(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("mailwright-smtp-limits");
        Path spool = Files.createDirectories(dataDir.resolve("spool"));
        staleSpoolFile = Files.writeString(spool.resolve("smtp-stale.eml"), "never acknowledged");
        Files.setLastModifiedTime(staleSpoolFile, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        freshSpoolFile = Files.writeString(spool.resolve("smtp-fresh.eml"), "another instance may be receiving this");
        registry.add("mailwright.data-dir", dataDir::toString);
        registry.add("mailwright.smtp.port", () -> SMTP_PORT);
        registry.add("mailwright.submission.port", () -> SUBMISSION_PORT);
    }

    /** Earlier tests' connections end on the server a moment after the client closes them. */
    @BeforeEach
    void awaitNoOpenConnections() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (listeners.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(listeners.openConnections()).isZero();
    }

    @Test
    void startShouldRemoveOnlyStaleSpoolFiles() {
        assertThat(staleSpoolFile).doesNotExist();
        assertThat(freshSpoolFile).exists();
    }

    @Test
    void idleClientShouldGet421AndBeDisconnected() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.connect(SMTP_PORT)) {
            client.read();
            client.command("EHLO client.test");

            Reply reply = client.read();
            assertThat(reply.code()).isEqualTo(421);
            assertThat(reply.enhanced()).isEqualTo("4.4.2");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void clientStallingInsideDataShouldGet421() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.connect(SMTP_PORT)) {
            client.read();
            client.command("EHLO client.test");
            client.command("MAIL FROM:<a@remote.invalid>");
            client.command("RCPT TO:<dave@example.test>");
            client.command("DATA");
            client.sendRaw("Subject: half a mess");

            assertThat(client.read().last()).startsWith("421 4.4.2");
        }
    }

    @Test
    void connectionOverThePerAddressLimitShouldGetAPolite421() throws IOException {
        try (RawSmtpClient first = RawSmtpClient.connect(SMTP_PORT);
             RawSmtpClient second = RawSmtpClient.connect(SUBMISSION_PORT)) {
            assertThat(first.read().code()).isEqualTo(220);
            assertThat(second.read().code()).isEqualTo(220);

            try (RawSmtpClient third = RawSmtpClient.connect(SMTP_PORT)) {
                Reply refused = third.read();
                assertThat(refused.code()).isEqualTo(421);
                assertThat(refused.enhanced()).isEqualTo("4.7.0");
                assertThat(third.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void plaintextAuthShouldBeOfferedAndWorkWhenAllowed() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.connect(SUBMISSION_PORT)) {
            client.read();
            assertThat(client.command("EHLO client.test").advertises("AUTH PLAIN LOGIN")).isTrue();

            assertThat(client.authPlain("erin@example.test", "erin-secret").code()).isEqualTo(235);
            assertThat(client.command("MAIL FROM:<erin@example.test>").code()).isEqualTo(250);
        }
    }

    @Test
    void repeatedAuthFailuresShouldBeThrottledEvenForTheRightPassword() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.connect(SUBMISSION_PORT)) {
            client.read();
            client.command("EHLO client.test");
            for (int i = 0; i < 3; i++) {
                assertThat(client.authPlain("dave@example.test", "wrong-" + i).code()).isEqualTo(535);
            }

            Reply throttled = client.authPlain("dave@example.test", "dave-secret");
            assertThat(throttled.code()).isEqualTo(454);
            assertThat(throttled.enhanced()).isEqualTo("4.7.0");
        }
    }

    @Test
    void storageFailureShouldAnswer451AndKeepTheSessionUsable() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.connect(SMTP_PORT)) {
            client.read();
            client.command("EHLO client.test");
            client.command("MAIL FROM:<" + FAILING_SENDER + ">");
            client.command("RCPT TO:<dave@example.test>");
            client.command("DATA");

            Reply reply = client.command("Subject: x\r\n\r\nbody\r\n.");
            assertThat(reply.code()).isEqualTo(451);
            assertThat(reply.enhanced()).isEqualTo("4.3.0");
            assertThat(client.command("MAIL FROM:<a@remote.invalid>").code()).isEqualTo(250);
        }
    }

    /**
     * The real store, except that {@code accept} from {@link #FAILING_SENDER} fails the way a database outage
     * does: with {@link StoreException.StorageFailure} and nothing committed.
     */
    @TestConfiguration
    static class FailingStore {
        @Bean
        static BeanPostProcessor failingMailStore() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof MailStore real)) {
                        return bean;
                    }
                    return Proxy.newProxyInstance(MailStore.class.getClassLoader(), new Class<?>[] {MailStore.class},
                            (proxy, method, args) -> {
                                if (method.getName().equals("accept") && args[1] instanceof MailStore.Envelope envelope
                                        && envelope.sender().equals(FAILING_SENDER)) {
                                    throw new StoreException.StorageFailure("simulated outage", new IOException("disk gone"));
                                }
                                try {
                                    return method.invoke(real, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                }
            };
        }
    }

    @Test
    void configuredCommandLineLimitShouldApply() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.connect(SMTP_PORT)) {
            client.read();
            assertThat(client.command("NOOP " + "x".repeat(93)).code()).isEqualTo(250);
            assertThat(client.command("NOOP " + "x".repeat(94)).code()).isEqualTo(500);
        }
    }

    @Test
    void configuredTextLineLimitShouldApply() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.connect(SMTP_PORT)) {
            client.read();
            client.command("EHLO client.test");
            client.command("MAIL FROM:<a@remote.invalid>");
            client.command("RCPT TO:<dave@example.test>");
            client.command("DATA");

            assertThat(client.command("Subject: x\r\n\r\n" + "y".repeat(199) + "\r\n.").code()).isEqualTo(500);
        }
    }
}
