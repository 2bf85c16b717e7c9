package dev.mailwright.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountStore;

/** The shared password check on the real store: per-address and per-(account, network) throttles, disabled accounts. */
@SpringBootTest
class PasswordAuthenticatorTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("mailwright-auth-test-").toString();
        registry.add("mailwright.data-dir", () -> dir);
        for (String listener : new String[] {"smtp", "submission", "submissions", "imap", "imaps"}) {
            registry.add("mailwright." + listener + ".port", () -> "0");
        }
        registry.add("server.port", () -> "0");
        registry.add("mailwright.security.max-auth-failures-per-ip", () -> "3");
        registry.add("mailwright.security.max-auth-failures-per-account", () -> "5");
        registry.add("mailwright.security.auth-failure-delay", () -> "20ms");
        registry.add("mailwright.security.max-auth-failure-delay", () -> "100ms");
        registry.add("mailwright.bootstrap.accounts[0].address", () -> "alice@example.test");
        registry.add("mailwright.bootstrap.accounts[0].password", () -> "alice-pw");
        registry.add("mailwright.bootstrap.accounts[1].address", () -> "bob@example.test");
        registry.add("mailwright.bootstrap.accounts[1].password", () -> "bob-pw");
        registry.add("mailwright.bootstrap.accounts[2].address", () -> "carol@example.test");
        registry.add("mailwright.bootstrap.accounts[2].password", () -> "carol-pw");
    }

    @Autowired
    Authenticator authenticator;
    @Autowired
    AccountStore accounts;

    @Test
    void correctPasswordShouldSucceedCaseInsensitivelyOnTheAddress() throws Exception {
        AuthResult result = authenticator.authenticate("Alice@Example.TEST", "alice-pw", InetAddress.getByName("10.0.0.1"));

        assertThat(result).isInstanceOfSatisfying(AuthResult.Success.class,
                s -> assertThat(s.account().address()).isEqualTo("alice@example.test"));
        assertThat(authenticator.authenticate("alice@example.test", "wrong", InetAddress.getByName("10.0.0.1")))
                .isInstanceOf(AuthResult.Failure.class);
        assertThat(authenticator.authenticate("nobody@example.test", "x", InetAddress.getByName("10.0.0.1")))
                .isInstanceOf(AuthResult.Failure.class);
    }

    @Test
    void addressWithTooManyFailuresShouldBeThrottledEvenWithTheRightPassword() throws Exception {
        InetAddress attacker = InetAddress.getByName("192.0.2.7");
        for (int i = 0; i < 3; i++) {
            assertThat(authenticator.authenticate("nobody" + i + "@example.test", "guess", attacker)).isInstanceOf(AuthResult.Failure.class);
        }

        assertThat(authenticator.authenticate("bob@example.test", "bob-pw", attacker)).isInstanceOf(AuthResult.Throttled.class);
        assertThat(authenticator.authenticate("bob@example.test", "bob-pw", InetAddress.getByName("192.0.2.8")))
                .as("other addresses are not affected").isInstanceOf(AuthResult.Success.class);
    }

    @Test
    void accountWithTooManyFailuresShouldBeThrottledFromEveryAddressOfThatNetworkOnly() throws Exception {
        for (int i = 0; i < 5; i++) {
            authenticator.authenticate("carol@example.test", "guess", InetAddress.getByName("198.51.100." + (i + 1)));
        }

        assertThat(authenticator.authenticate("carol@example.test", "carol-pw", InetAddress.getByName("198.51.100.99")))
                .isInstanceOf(AuthResult.Throttled.class);
        assertThat(authenticator.authenticate("carol@example.test", "carol-pw", InetAddress.getByName("203.0.113.99")))
                .as("a network that has not failed is not locked out").isInstanceOf(AuthResult.Success.class);
        assertThat(authenticator.authenticate("carol@example.test", "carol-pw", InetAddress.getByName("198.51.100.98")))
                .as("the attacking network stays throttled").isInstanceOf(AuthResult.Throttled.class);
    }

    @Test
    void disabledAccountShouldNotSignIn() throws Exception {
        AccountStore.Account alice = accounts.findAccount("alice@example.test").orElseThrow();
        accounts.setEnabled(alice.id(), false);
        try {
            assertThat(authenticator.authenticate("alice@example.test", "alice-pw", InetAddress.getByName("203.0.113.5")))
                    .isInstanceOf(AuthResult.Failure.class);
        } finally {
            accounts.setEnabled(alice.id(), true);
        }
    }
}
