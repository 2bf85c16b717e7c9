package dev.mailwright.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountStore;

/**
 * Every mailwright.pop3-limits.* key, the listener's own connection cap and the shared auth throttle, each set small.
 * Time budget: about 30 s of waiting for time-outs in all.
 */
@SpringBootTest
@Timeout(180)
class Pop3LimitsTest extends Pop3TestSupport {
    private static final String PASSWORD = "limit-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        common(registry, true);
        loopbackListener(registry, "pop3");
        loopbackListener(registry, "pop3s");
        registry.add("mailwright.pop3s.max-connections", () -> "1");
        registry.add("mailwright.pop3-limits.max-command-line", () -> "300");
        registry.add("mailwright.pop3-limits.max-bad-commands", () -> "3");
        registry.add("mailwright.pop3-limits.login-timeout", () -> "2s");
        registry.add("mailwright.pop3-limits.idle-timeout", () -> "3s");
        registry.add("mailwright.pop3-limits.command-timeout", () -> "8s");
        registry.add("mailwright.pop3-limits.auth-timeout", () -> "1s");
        registry.add("mailwright.pop3-limits.unauthenticated-session-time", () -> "4s");
        registry.add("mailwright.security.max-auth-failures-per-ip", () -> "3");
        registry.add("mailwright.security.auth-failure-delay", () -> "0s");
    }

    private RawPop3Client login(AccountStore.Account account) throws Exception {
        RawPop3Client client = new RawPop3Client(port("pop3"));
        client.line();
        client.command("USER " + account.address());
        assertThat(client.command("PASS " + PASSWORD)).startsWith("+OK");
        return client;
    }

    @Test
    void aCommandLineLongerThanMaxCommandLineShouldBeRefusedAndTheSessionGoOn() throws Exception {
        try (RawPop3Client client = new RawPop3Client(port("pop3"))) {
            client.line();
            assertThat(client.command("USER " + "x".repeat(293))).as("298 octets with CRLF").startsWith("+OK");
            assertThat(client.command("USER " + "x".repeat(400))).isEqualTo("-ERR Command line too long");
            assertThat(client.command("CAPA")).startsWith("+OK");
            client.multiline();
        }
    }

    @Test
    void oneBadCommandMoreThanMaxBadCommandsShouldCloseTheConnection() throws Exception {
        try (RawPop3Client client = new RawPop3Client(port("pop3"))) {
            client.line();
            for (int i = 0; i < 3; i++) {
                assertThat(client.command("XYZZY")).isEqualTo("-ERR Unknown command");
            }
            assertThat(client.command("XYZZY")).isEqualTo("-ERR Unknown command");
            assertThat(client.line()).startsWith("-ERR Too many bad commands");
            assertThat(client.rest()).isEmpty();
        }
    }

    @Test
    void silenceBeforeLoginShouldEndTheSessionAfterLoginTimeout() throws Exception {
        try (RawPop3Client client = new RawPop3Client(port("pop3"))) {
            client.line();
            long start = System.nanoTime();
            assertThat(client.line()).startsWith("-ERR Autologout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            assertThat(client.rest()).isEmpty();
        }
    }

    @Test
    void silenceAfterLoginShouldEndTheSessionAfterIdleTimeoutWithoutExpunging() throws Exception {
        AccountStore.Account account = newAccount("idle", PASSWORD);
        deliver(account.id(), "Subject: kept\r\n\r\nbody\r\n");
        try (RawPop3Client client = login(account)) {
            assertThat(client.command("DELE 1")).startsWith("+OK");
            long start = System.nanoTime();
            assertThat(client.line()).startsWith("-ERR Autologout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("idle-timeout, not login-timeout")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(2500));
            assertThat(client.rest()).isEmpty();
        }
        assertThat(inbox(account.id()).messages()).as("RFC 1939 §3: no UPDATE on autologout").isEqualTo(1);
    }

    @Test
    void aCommandTrickledSlowerThanCommandTimeoutShouldEndTheSession() throws Exception {
        AccountStore.Account account = newAccount("slow", PASSWORD);
        try (RawPop3Client client = login(account)) {   // logged in: unauthenticated-session-time no longer applies
            long start = System.nanoTime();
            String answer = trickle(client, Duration.ofSeconds(40));
            assertThat(answer).isEqualTo("-ERR Command not completed in time");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("command-timeout (8s), not idle-timeout (3s)")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(7));
        }
    }

    @Test
    void anAuthExchangeLongerThanAuthTimeoutShouldEndTheSession() throws Exception {
        try (RawPop3Client client = new RawPop3Client(port("pop3"))) {
            client.line();
            assertThat(client.command("AUTH PLAIN")).isEqualTo("+ ");
            long start = System.nanoTime();
            assertThat(trickle(client, Duration.ofSeconds(30))).isEqualTo("-ERR Command not completed in time");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("auth-timeout (1s), well before command-timeout (8s)")
                    .isLessThan(Duration.ofSeconds(7));
        }
    }

    @Test
    void aSessionNotLoggedInWithinUnauthenticatedSessionTimeShouldEnd() throws Exception {
        try (RawPop3Client client = new RawPop3Client(port("pop3"))) {
            client.line();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String answer = "";
            while (System.nanoTime() < deadline) {
                answer = client.command("CAPA");
                if (!answer.startsWith("+OK")) {
                    break;
                }
                client.multiline();
                Thread.sleep(300);
            }
            assertThat(answer).isEqualTo("-ERR Not authenticated in time");
        }
    }

    @Test
    void theListenersOwnMaxConnectionsShouldRefuseTheNextClient() throws Exception {
        try (RawPop3Client first = RawPop3Client.implicitTls(port("pop3s"))) {
            assertThat(first.line()).startsWith("+OK");
            try (RawPop3Client second = RawPop3Client.implicitTls(port("pop3s"))) {
                assertThat(second.line()).startsWith("-ERR [SYS/TEMP] Too many connections");
            }
        }
    }

    @Test
    void repeatedFailuresFromOneAddressShouldBeThrottledByTheSharedAuthenticator() throws Exception {
        AccountStore.Account account = newAccount("throttle", PASSWORD);
        try (RawPop3Client client = new RawPop3Client(port("pop3"), "127.0.0.77")) {
            client.line();
            for (int i = 0; i < 3; i++) {
                client.command("USER " + account.address());
                assertThat(client.command("PASS wrong")).startsWith("-ERR [AUTH]");
            }
            client.command("USER " + account.address());
            assertThat(client.command("PASS " + PASSWORD)).as("even the right password, from this address")
                    .startsWith("-ERR [SYS/TEMP]");
        }
    }

    /** Sends one byte of a command every 300 ms, never its end, until the server answers; returns the answer. */
    private static String trickle(RawPop3Client client, Duration limit) throws Exception {
        client.timeout(300);
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return client.line();
            } catch (java.net.SocketTimeoutException e) {
                client.send("A");
            }
        }
        throw new AssertionError("no answer within " + limit);
    }
}
