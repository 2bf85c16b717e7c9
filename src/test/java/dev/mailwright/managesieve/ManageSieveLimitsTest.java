package dev.mailwright.managesieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountStore;

/**
 * Every mailwright.managesieve-limits.* key, the listener's own connection cap and the shared auth throttle, each set
 * small. Time budget: about 30 s of waiting for time-outs in all.
 */
@SpringBootTest
@Timeout(240)
class ManageSieveLimitsTest extends ManageSieveTestSupport {
    private static final String PASSWORD = "limit-secret";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        common(registry, true);
        registry.add("mailwright.managesieve.max-connections", () -> "2");
        registry.add("mailwright.managesieve-limits.max-command-line", () -> "600");
        registry.add("mailwright.managesieve-limits.max-literal-size", () -> "4KB");
        registry.add("mailwright.managesieve-limits.max-unauthenticated-literal-size", () -> "100B");
        registry.add("mailwright.managesieve-limits.max-bad-commands", () -> "3");
        registry.add("mailwright.managesieve-limits.login-timeout", () -> "2s");
        registry.add("mailwright.managesieve-limits.idle-timeout", () -> "3s");
        registry.add("mailwright.managesieve-limits.command-timeout", () -> "3s");
        registry.add("mailwright.managesieve-limits.auth-timeout", () -> "1s");
        registry.add("mailwright.managesieve-limits.unauthenticated-session-time", () -> "4s");
        registry.add("mailwright.managesieve-limits.min-transfer-rate", () -> "100B");
        registry.add("mailwright.managesieve-limits.transfer-grace", () -> "1s");
        registry.add("mailwright.security.max-auth-failures-per-ip", () -> "3");
        registry.add("mailwright.security.auth-failure-delay", () -> "0s");
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void aCommandLineLongerThanMaxCommandLineShouldBeRefusedAndTheSessionGoOn() throws Exception {
        try (RawSieveClient client = new RawSieveClient(port())) {
            client.response();
            assertThat(client.command("NOOP \"" + "x".repeat(588) + "\"").ok()).as("598 octets with CRLF").isTrue();
            assertThat(client.command("NOOP \"" + "x".repeat(700) + "\"").status()).isEqualTo("NO \"Command line too long\"");
            assertThat(client.command("NOOP " + "y".repeat(700)).status()).isEqualTo("NO \"Command line too long\"");
            assertThat(client.command("NOOP").status()).isEqualTo("OK \"Done\"");
        }
    }

    @Test
    void aLiteralLargerThanMaxLiteralSizeShouldEndTheSessionWithBye() throws Exception {
        AccountStore.Account account = newAccount("literal", PASSWORD);
        try (RawSieveClient client = login(account, PASSWORD)) {
            assertThat(client.command("PUTSCRIPT \"fits\" {4096+}\r\n" + "#".repeat(4094) + "\r\n").ok())
                    .as("a comment of 4096 octets").isTrue();
            client.send("PUTSCRIPT \"big\" {4097+}\r\n");
            assertThat(client.response().status()).isEqualTo("BYE \"Literal of 4097 octets is larger than 4096 octets\"");
            assertThat(client.rest()).isEmpty();
        }
        assertThat(scripts.get(account.id(), "big")).isEmpty();
    }

    @Test
    void beforeLoginALiteralLargerThanMaxUnauthenticatedLiteralSizeShouldEndTheSession() throws Exception {
        try (RawSieveClient client = new RawSieveClient(port())) {
            client.response();
            assertThat(client.command("NOOP {100+}\r\n" + "z".repeat(100)).ok()).isTrue();
            client.send("AUTHENTICATE \"PLAIN\" {101+}\r\n");
            assertThat(client.response().status()).isEqualTo("BYE \"Literal of 101 octets is larger than 100 octets\"");
            assertThat(client.rest()).isEmpty();
        }
    }

    @Test
    void oneBadCommandMoreThanMaxBadCommandsShouldCloseTheConnection() throws Exception {
        try (RawSieveClient client = new RawSieveClient(port())) {
            client.response();
            for (int i = 0; i < 3; i++) {
                assertThat(client.command("XYZZY").status()).isEqualTo("NO \"Unknown command\"");
            }
            assertThat(client.command("XYZZY").status()).isEqualTo("NO \"Unknown command\"");
            assertThat(client.response().status()).isEqualTo("BYE \"Too many bad commands\"");
            assertThat(client.rest()).isEmpty();
        }
    }

    @Test
    void silenceBeforeLoginShouldEndTheSessionAfterLoginTimeout() throws Exception {
        try (RawSieveClient client = new RawSieveClient(port())) {
            client.response();
            long start = System.nanoTime();
            assertThat(client.response().status()).isEqualTo("BYE \"Disconnected for inactivity\"");
            assertThat(since(start)).isBetween(Duration.ofMillis(1500), Duration.ofMillis(3500));
            assertThat(client.rest()).isEmpty();
        }
    }

    @Test
    void silenceAfterLoginShouldEndTheSessionAfterIdleTimeoutNotLoginTimeout() throws Exception {
        try (RawSieveClient client = login(newAccount("idle", PASSWORD), PASSWORD)) {
            long start = System.nanoTime();
            assertThat(client.response().status()).isEqualTo("BYE \"Disconnected for inactivity\"");
            assertThat(since(start)).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
        }
    }

    @Test
    void anAuthenticateExchangeLeftUnansweredShouldEndAfterAuthTimeout() throws Exception {
        try (RawSieveClient client = new RawSieveClient(port())) {
            client.response();
            client.send("AUTHENTICATE \"PLAIN\"\r\n");
            assertThat(client.rawLine()).isEqualTo("\"\"");
            long start = System.nanoTime();
            assertThat(client.response().status()).isEqualTo("BYE \"Command not completed in time\"");
            assertThat(since(start)).isLessThan(Duration.ofMillis(1900));
        }
    }

    @Test
    void aSessionThatNeverAuthenticatesShouldEndAfterUnauthenticatedSessionTime() throws Exception {
        try (RawSieveClient client = new RawSieveClient(port())) {
            client.response();
            long start = System.nanoTime();
            String status = "";
            while (since(start).compareTo(Duration.ofSeconds(10)) < 0) {
                status = client.command("NOOP").status();
                if (!status.startsWith("OK")) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(status).isEqualTo("BYE \"Not authenticated in time\"");
            assertThat(since(start)).isBetween(Duration.ofMillis(3500), Duration.ofMillis(6000));
        }
    }

    @Test
    void aCommandTrickledSlowerThanCommandTimeoutShouldEndTheSession() throws Exception {
        try (RawSieveClient client = login(newAccount("trickle", PASSWORD), PASSWORD)) {
            long start = System.nanoTime();
            assertThat(trickle(client, "NOOP \"slow\"\r\n", 800)).isEqualTo("BYE \"Command not completed in time\"");
            assertThat(since(start)).isBetween(Duration.ofMillis(2500), Duration.ofMillis(5000));
        }
    }

    @Test
    void aLiteralSlowerThanMinTransferRateShouldEndTheSession() throws Exception {
        try (RawSieveClient client = login(newAccount("slow", PASSWORD), PASSWORD)) {
            client.send("PUTSCRIPT \"slow\" {3000+}\r\n");
            assertThat(trickle(client, "#".repeat(60), 400)).isEqualTo("BYE \"Too slow\"");
        }
    }

    /** Sends one byte every {@code pauseMillis} until the server answers; returns its answer. */
    private static String trickle(RawSieveClient client, String bytes, int pauseMillis) throws Exception {
        client.timeout(pauseMillis);
        for (int i = 0; i < bytes.length(); i++) {
            client.send(bytes.substring(i, i + 1));
            try {
                return client.response().status();
            } catch (java.net.SocketTimeoutException e) {
                // nothing yet: send the next byte
            }
        }
        client.timeout(30_000);
        return client.response().status();
    }

    @Test
    void repeatedFailuresFromOneAddressShouldBeThrottled() throws Exception {
        AccountStore.Account account = newAccount("throttle", PASSWORD);
        try (RawSieveClient client = new RawSieveClient(port(), "127.0.0.7")) {
            client.response();
            for (int i = 0; i < 3; i++) {
                assertThat(client.command("AUTHENTICATE \"PLAIN\" \"" + plain(account.address(), "wrong") + "\"").status())
                        .isEqualTo("NO \"Authentication failed\"");
            }
            assertThat(client.command("AUTHENTICATE \"PLAIN\" \"" + plain(account.address(), PASSWORD) + "\"").status())
                    .as("even the right password, from this address").startsWith("NO (TRYLATER) ");
        }
    }

    @Test
    void aConnectionOverTheListenersCapShouldBeRefusedWithBye() throws Exception {
        long start = System.nanoTime();
        while (true) {
            try (RawSieveClient first = new RawSieveClient(port()); RawSieveClient second = new RawSieveClient(port())) {
                boolean admitted = first.response().ok() && second.response().ok();
                if (admitted) {
                    try (RawSieveClient third = new RawSieveClient(port())) {
                        assertThat(third.rest()).isEqualTo("BYE (TRYLATER) \"Too many connections, try again later\"\r\n");
                    }
                    return;
                }
            } catch (IOException e) {
                // a connection of an earlier test may still hold a place: try again
            }
            assertThat(since(start)).as("two connections admitted in time").isLessThan(Duration.ofSeconds(20));
            Thread.sleep(200);
        }
    }
}
