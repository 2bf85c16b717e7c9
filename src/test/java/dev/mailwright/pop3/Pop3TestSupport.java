package dev.mailwright.pop3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;

import dev.mailwright.net.ListenerManager;
import dev.mailwright.net.TestPorts;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageSource;

/** The beans and property wiring every POP3 test against the real listeners uses; a fresh account per test. */
abstract class Pop3TestSupport {
    @Autowired
    ListenerManager listeners;
    @Autowired
    AccountStore accounts;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    MailStore store;

    /** A fresh data dir, every listener off (each test turns on those it needs), plaintext AUTH as asked. */
    static Path common(DynamicPropertyRegistry registry, boolean allowPlaintextAuth) {
        Path dir;
        try {
            dir = Files.createTempDirectory("mailwright-pop3-test-");
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

    void deliver(AccountId account, String message) {
        store.deliver(MessageSource.of(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)), java.util.List.of(account));
    }

    MailboxInfo inbox(AccountId account) {
        return store.mailbox(account, "INBOX").orElseThrow();
    }

    int port(String listener) {
        return listeners.boundPort(listener);
    }
}
