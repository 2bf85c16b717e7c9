package dev.mailwright.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import dev.mailwright.net.TestPorts;

/**
 * Account lockout is no denial-of-service tool (issue #12): failures are throttled per (account, source network),
 * so an attacker's network locks only itself out; a correct password from a network that has not failed gets in at
 * once. Real IMAP and submission listeners; each client binds its own loopback source address (127.0.N.x is network
 * 127.0.N.0/24). Small failure delays keep each test under 20 s.
 */
@SpringBootTest(properties = {
        "mailwright.hostname=mx.example.test",
        "mailwright.domains=example.test",
        "mailwright.smtp.port=0",
        "mailwright.submissions.port=0",
        "mailwright.imaps.port=0",
        "mailwright.delivery.workers=0",
        "mailwright.security.allow-plaintext-auth=true",
        "mailwright.security.auth-failure-delay=50ms",
        "mailwright.security.max-auth-failure-delay=400ms",
        "mailwright.security.max-auth-failures-per-account-all-networks=25",
        "mailwright.bootstrap.accounts[0].address=ann@example.test",
        "mailwright.bootstrap.accounts[0].password=ann-secret",
        "mailwright.bootstrap.accounts[1].address=bob@example.test",
        "mailwright.bootstrap.accounts[1].password=bob-secret",
        "mailwright.bootstrap.accounts[2].address=cyd@example.test",
        "mailwright.bootstrap.accounts[2].password=cyd-secret",
        "mailwright.bootstrap.accounts[3].address=dee@example.test",
        "mailwright.bootstrap.accounts[3].password=dee-secret",
})
@Timeout(60)
class AccountLockoutTest {
    static final int SUBMISSION_PORT = TestPorts.freePort();
    static final int IMAP_PORT = TestPorts.freePort();

    @DynamicPropertySource
    static void listeners(DynamicPropertyRegistry registry) throws IOException {
        String dataDir = Files.createTempDirectory("mailwright-account-lockout").toString();
        registry.add("mailwright.data-dir", () -> dataDir);
        registry.add("mailwright.submission.port", () -> SUBMISSION_PORT);
        registry.add("mailwright.imap.port", () -> IMAP_PORT);
    }

    /** One LOGIN on a fresh connection from {@code source}; the tagged answer. */
    private static String imapLogin(String source, String user, String password) throws IOException {
        try (WireClient client = WireClient.connect(source, IMAP_PORT)) {
            client.line();
            client.send("a1 LOGIN " + user + " " + password);
            return client.lineSkipping("* ");
        }
    }

    private static String submissionAuth(String source, String user, String password) throws IOException {
        try (WireClient client = WireClient.connect(source, SUBMISSION_PORT)) {
            client.line();
            client.send("EHLO client.test");
            client.lineSkipping("250-");
            client.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(
                    ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)));
            return client.line();
        }
    }

    @Test
    void attackFromOneNetworkShouldLockOnlyThatNetworkOutOfTheAccount() throws IOException {
        for (int host = 2; host <= 22; host++) {   // 21 addresses, one failure each: under the per-address limit
            assertThat(imapLogin("127.0.1." + host, "ann@example.test", "guess-" + host))
                    .matches("a1 NO \\[(AUTHENTICATIONFAILED|UNAVAILABLE)].*");
        }

        long start = System.nanoTime();
        assertThat(imapLogin("127.0.2.9", "ann@example.test", "ann-secret")).as("an untouched network").startsWith("a1 OK");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("at once: no delay, no throttle").isLessThan(Duration.ofSeconds(3));
        assertThat(submissionAuth("127.0.3.9", "ann@example.test", "ann-secret")).startsWith("235");

        assertThat(imapLogin("127.0.1.50", "ann@example.test", "ann-secret")).as("a fresh address of the attacking network")
                .startsWith("a1 NO [UNAVAILABLE]");
        assertThat(submissionAuth("127.0.1.51", "ann@example.test", "ann-secret")).startsWith("454 4.7.0");
    }

    @Test
    void failuresFromTwentyNetworksShouldNotLockTheOwnerOut() throws IOException {
        for (int network = 10; network < 30; network++) {
            assertThat(imapLogin("127.0." + network + ".1", "bob@example.test", "guess"))
                    .startsWith("a1 NO [AUTHENTICATIONFAILED]");
        }

        assertThat(imapLogin("127.0.31.1", "bob@example.test", "bob-secret")).startsWith("a1 OK");
        assertThat(imapLogin("127.0.10.2", "bob@example.test", "bob-secret"))
                .as("one failure from that network, far below its limit").startsWith("a1 OK");
    }

    @Test
    void pastTheAllNetworksLimitOnlyNetworksThatFailedShouldBeRefused() throws IOException {
        for (int network = 40; network < 66; network++) {   // 26 networks, one failure each: past the limit of 25
            imapLogin("127.0." + network + ".1", "cyd@example.test", "guess");
        }

        assertThat(imapLogin("127.0.40.7", "cyd@example.test", "cyd-secret")).startsWith("a1 NO [UNAVAILABLE]");
        assertThat(imapLogin("127.0.70.7", "cyd@example.test", "cyd-secret")).startsWith("a1 OK");
    }

    @Test
    void eachFailureFromTheSameNetworkShouldBeAnsweredLater() throws IOException {
        long[] millis = new long[4];
        for (int i = 0; i < 4; i++) {
            long start = System.nanoTime();
            assertThat(imapLogin("127.0.80." + (i + 1), "dee@example.test", "guess")).startsWith("a1 NO [AUTHENTICATIONFAILED]");
            millis[i] = Duration.ofNanos(System.nanoTime() - start).toMillis();
        }

        assertThat(millis[0]).isGreaterThanOrEqualTo(50);
        assertThat(millis[2]).as("50 ms doubled twice").isGreaterThanOrEqualTo(200);
        assertThat(millis[3]).as("capped at 400 ms").isGreaterThanOrEqualTo(400);
        long start = System.nanoTime();
        assertThat(imapLogin("127.0.81.1", "dee@example.test", "dee-secret")).startsWith("a1 OK");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
}
