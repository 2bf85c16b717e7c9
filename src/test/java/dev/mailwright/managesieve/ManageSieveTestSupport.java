package dev.mailwright.managesieve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;

import dev.mailwright.net.ListenerManager;
import dev.mailwright.net.TestPorts;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.SieveScripts;

/** The beans and property wiring every ManageSieve test against the real listener uses; a fresh account per test. */
abstract class ManageSieveTestSupport {
    @Autowired
    ListenerManager listeners;
    @Autowired
    AccountStore accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    SieveScripts scripts;

    /** A fresh data dir, every listener off but ManageSieve on loopback, plaintext AUTH as asked. */
    static Path common(DynamicPropertyRegistry registry, boolean allowPlaintextAuth) {
        Path dir;
        try {
            dir = Files.createTempDirectory("mailwright-managesieve-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("mailwright.data-dir", dir::toString);
        registry.add("mailwright.domains", () -> "example.test");
        for (String listener : new String[] {"smtp", "submission", "submissions", "imap", "imaps", "pop3", "pop3s"}) {
            registry.add("mailwright." + listener + ".port", () -> "0");
        }
        registry.add("server.port", () -> "0");
        registry.add("mailwright.security.allow-plaintext-auth", () -> Boolean.toString(allowPlaintextAuth));
        loopbackListener(registry, "managesieve");
        return dir;
    }

    /** Turns a listener on, on a free port of the loopback address only. */
    static void loopbackListener(DynamicPropertyRegistry registry, String listener) {
        int port = TestPorts.freePort();
        registry.add("mailwright." + listener + ".port", () -> Integer.toString(port));
        registry.add("mailwright." + listener + ".bind", () -> "127.0.0.1");
    }

    AccountStore.Account newAccount(String prefix, String password) {
        String address = prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        return accounts.createAccount(address, encoder.encode(password), false);
    }

    int port() {
        return listeners.boundPort("managesieve");
    }

    static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Connects, reads the greeting and authenticates with PLAIN and an initial response. */
    RawSieveClient login(AccountStore.Account account, String password) throws IOException {
        RawSieveClient client = new RawSieveClient(port());
        client.response();
        RawSieveClient.Response response = client.command("AUTHENTICATE \"PLAIN\" \"" + plain(account.address(), password) + "\"");
        if (!response.status().startsWith("OK")) {
            throw new IllegalStateException("login failed: " + response);
        }
        return client;
    }
}
