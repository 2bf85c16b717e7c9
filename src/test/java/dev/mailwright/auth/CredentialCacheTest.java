package dev.mailwright.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.admin.AdminOperations;
import dev.mailwright.net.TestPorts;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;

/**
 * The verified-credential cache behind the one authenticator, on the real store: a verified login is remembered,
 * a failure never is and the throttle still refuses a throttled source with the right password; each way an account's
 * access changes (admin pages and command line through AdminOperations, the settings page through the store, another
 * node through the database) drops or outdates what was remembered. Each test uses its own account. Bounded by
 * {@code @Timeout}: a few dozen 16 MiB hashes.
 */
@SpringBootTest
@Timeout(180)
class CredentialCacheTest {
    private static final int IMAP_PORT = TestPorts.freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("mailwright-credential-cache-").toString();
        registry.add("mailwright.data-dir", () -> dir);
        for (String listener : new String[] {"smtp", "submission", "submissions", "imaps", "pop3", "pop3s"}) {
            registry.add("mailwright." + listener + ".port", () -> "0");
        }
        registry.add("mailwright.imap.port", () -> IMAP_PORT);
        registry.add("mailwright.imap.bind", () -> "127.0.0.1");
        registry.add("mailwright.security.allow-plaintext-auth", () -> "true");
        registry.add("server.port", () -> "0");
        registry.add("mailwright.delivery.workers", () -> "0");
        registry.add("mailwright.security.max-auth-failures-per-ip", () -> "3");
        registry.add("mailwright.security.auth-failure-delay", () -> "0ms");
        registry.add("mailwright.auth.credential-cache-ttl", () -> "10m");
        registry.add("mailwright.auth.credential-cache-max-entries", () -> "100");
    }

    @Autowired
    Authenticator authenticator;
    @Autowired
    VerifiedCredentials cache;
    @Autowired
    AdminOperations ops;
    @Autowired
    AccountStore accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    JdbcClient jdbc;

    private AccountId create(String address, String password) {
        return accounts.createAccount(address, encoder.encode(password), false).id();
    }

    private AuthResult login(String address, String password, String from) throws Exception {
        return authenticator.authenticate(address, password, InetAddress.getByName(from));
    }

    @Test
    void aVerifiedLoginShouldBeRememberedAndAFailedOneNever() throws Exception {
        AccountId id = create("dora@example.test", "dora-password-1");

        assertThat(login("dora@example.test", "wrong-password", "10.1.0.1")).isInstanceOf(AuthResult.Failure.class);
        assertThat(cache.entriesOf(id)).as("a failure is not cached").isZero();

        assertThat(login("Dora@Example.test", "dora-password-1", "10.1.0.2")).isInstanceOf(AuthResult.Success.class);
        assertThat(cache.entriesOf(id)).isEqualTo(1);
        assertThat(cache.remembers("dora@example.test", "dora-password-1", accounts.findAccount(id).orElseThrow())).isTrue();
        assertThat(login("dora@example.test", "dora-password-1", "10.1.0.3")).isInstanceOf(AuthResult.Success.class);

        assertThat(login("dora@example.test", "dora-password-2", "10.1.0.4")).as("a wrong password misses the cache")
                .isInstanceOf(AuthResult.Failure.class);
        assertThat(cache.entriesOf(id)).isEqualTo(1);
    }

    @Test
    void aThrottledSourceShouldBeRefusedEvenWithARememberedPassword() throws Exception {
        create("erin@example.test", "erin-password-1");
        assertThat(login("erin@example.test", "erin-password-1", "192.0.2.50")).isInstanceOf(AuthResult.Success.class);

        for (int i = 0; i < 3; i++) {
            assertThat(login("erin@example.test", "guess-" + i, "192.0.2.50")).isInstanceOf(AuthResult.Failure.class);
        }

        assertThat(login("erin@example.test", "erin-password-1", "192.0.2.50")).isInstanceOf(AuthResult.Throttled.class);
        assertThat(login("erin@example.test", "erin-password-1", "203.0.113.50")).as("another network").isInstanceOf(AuthResult.Success.class);
    }

    /** Admin pages ({@code /admin/accounts/.../password}) and {@code admin account password} both call resetPassword. */
    @Test
    void anAdminPasswordResetShouldDropTheEntryAndTheOldPasswordShouldFail() throws Exception {
        AccountId id = create("finn@example.test", "finn-password-1");
        assertThat(login("finn@example.test", "finn-password-1", "10.2.0.1")).isInstanceOf(AuthResult.Success.class);
        assertThat(cache.entriesOf(id)).isEqualTo(1);

        ops.resetPassword("finn@example.test", "finn-password-2");

        assertThat(cache.entriesOf(id)).isZero();
        assertThat(login("finn@example.test", "finn-password-1", "10.2.0.2")).isInstanceOf(AuthResult.Failure.class);
        assertThat(login("finn@example.test", "finn-password-2", "10.2.0.3")).isInstanceOf(AuthResult.Success.class);
    }

    /** The settings page's own password change stores through AccountStore.updatePasswordHash. */
    @Test
    void aPasswordChangeThroughTheStoreShouldDropTheEntry() throws Exception {
        AccountId id = create("gina@example.test", "gina-password-1");
        assertThat(login("gina@example.test", "gina-password-1", "10.3.0.1")).isInstanceOf(AuthResult.Success.class);

        accounts.updatePasswordHash(id, encoder.encode("gina-password-2"));

        assertThat(cache.entriesOf(id)).isZero();
        assertThat(login("gina@example.test", "gina-password-1", "10.3.0.2")).isInstanceOf(AuthResult.Failure.class);
    }

    @Test
    void disablingTheAccountShouldDropTheEntryAndRefuseTheLogin() throws Exception {
        AccountId id = create("hugo@example.test", "hugo-password-1");
        assertThat(login("hugo@example.test", "hugo-password-1", "10.4.0.1")).isInstanceOf(AuthResult.Success.class);

        ops.setEnabled("hugo@example.test", AdminOperations.Status.DISABLED);

        assertThat(cache.entriesOf(id)).isZero();
        assertThat(login("hugo@example.test", "hugo-password-1", "10.4.0.2")).isInstanceOf(AuthResult.Failure.class);
        ops.setEnabled("hugo@example.test", AdminOperations.Status.ENABLED);
        assertThat(login("hugo@example.test", "hugo-password-1", "10.4.0.3")).isInstanceOf(AuthResult.Success.class);
    }

    @Test
    void demotingAnAdminShouldDropTheEntryAndTheNextLoginShouldCarryTheNewRole() throws Exception {
        AccountId id = accounts.createAccount("ivy@example.test", encoder.encode("ivy-password-1"), true).id();
        assertThat(login("ivy@example.test", "ivy-password-1", "10.5.0.1"))
                .isInstanceOfSatisfying(AuthResult.Success.class, s -> assertThat(s.account().admin()).isTrue());

        ops.setRole("ivy@example.test", AdminOperations.Role.USER);

        assertThat(cache.entriesOf(id)).isZero();
        assertThat(login("ivy@example.test", "ivy-password-1", "10.5.0.2"))
                .isInstanceOfSatisfying(AuthResult.Success.class, s -> assertThat(s.account().admin()).isFalse());
    }

    /** Another node sharing the database changes the password: no event reaches this node, the stored hash differs. */
    @Test
    void aPasswordChangedBehindThisNodesBackShouldNotAnswerFromTheCache() throws Exception {
        AccountId id = create("jack@example.test", "jack-password-1");
        assertThat(login("jack@example.test", "jack-password-1", "10.6.0.1")).isInstanceOf(AuthResult.Success.class);

        jdbc.sql("UPDATE account SET password_hash = ? WHERE id = ?")
                .params(encoder.encode("jack-password-2"), id.value()).update();

        assertThat(cache.entriesOf(id)).as("no event came").isEqualTo(1);
        assertThat(login("jack@example.test", "jack-password-1", "10.6.0.2")).isInstanceOf(AuthResult.Failure.class);
        assertThat(login("jack@example.test", "jack-password-2", "10.6.0.3")).isInstanceOf(AuthResult.Success.class);
    }

    /** The IMAP door signs in through the same cache: a remembered LOGIN, then a wrong password still refused. */
    @Test
    void imapLoginShouldGoThroughTheCache() throws Exception {
        AccountId id = create("kim@example.test", "kim-password-1");

        assertThat(imapLogin("kim@example.test", "kim-password-1")).startsWith("a OK");
        assertThat(cache.entriesOf(id)).isEqualTo(1);
        assertThat(imapLogin("kim@example.test", "kim-password-1")).startsWith("a OK");
        assertThat(imapLogin("kim@example.test", "kim-password-2")).startsWith("a NO");
        assertThat(cache.entriesOf(id)).isEqualTo(1);
    }

    /** One connection: greeting, {@code a LOGIN}, the tagged answer, LOGOUT. */
    private static String imapLogin(String user, String password) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", IMAP_PORT)) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");
            out.write(("a LOGIN \"" + user + "\" \"" + password + "\"\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("a ")) {
                // untagged lines (CAPABILITY) before the answer
            }
            out.write("b LOGOUT\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            return line;
        }
    }
}
