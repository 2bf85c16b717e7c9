package dev.mailwright.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;

import dev.mailwright.store.AccountStore;

/**
 * The start-up the tests of a door beside SMTP and IMAP (POP3, ManageSieve) share: a fresh data dir, every mail
 * listener off but those a test turns on (on loopback only), plaintext AUTH as the test asks, and a fresh account per
 * test.
 */
public abstract class DoorTestSupport {
    private static final String[] LISTENERS = {"smtp", "submission", "submissions", "imap", "imaps", "pop3", "pop3s"};

    @Autowired
    protected ListenerManager listeners;
    @Autowired
    protected AccountStore accounts;
    @Autowired
    protected PasswordEncoder encoder;

    /** A fresh data dir named after {@code door}, every listener off, plaintext AUTH as asked. */
    protected static Path common(DynamicPropertyRegistry registry, String door, boolean allowPlaintextAuth) {
        Path dir;
        try {
            dir = Files.createTempDirectory("mailwright-" + door + "-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("mailwright.data-dir", dir::toString);
        registry.add("mailwright.domains", () -> "example.test");
        for (String listener : LISTENERS) {
            registry.add("mailwright." + listener + ".port", () -> "0");
        }
        registry.add("server.port", () -> "0");
        registry.add("mailwright.security.allow-plaintext-auth", () -> Boolean.toString(allowPlaintextAuth));
        return dir;
    }

    /** Turns a listener on, on a free port of the loopback address only. */
    protected static void loopbackListener(DynamicPropertyRegistry registry, String listener) {
        int port = TestPorts.freePort();
        registry.add("mailwright." + listener + ".port", () -> Integer.toString(port));
        registry.add("mailwright." + listener + ".bind", () -> "127.0.0.1");
    }

    /** A fresh account {@code prefix-xxxxxxxx@example.test} with {@code password}. */
    protected AccountStore.Account newAccount(String prefix, String password) {
        String address = prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        return accounts.createAccount(address, encoder.encode(password), false);
    }
}
