package dev.mailwright.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;

import dev.mailwright.net.DoorTestSupport;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageSource;

/** The beans and property wiring every POP3 test against the real listeners uses; a fresh account per test. */
abstract class Pop3TestSupport extends DoorTestSupport {
    @Autowired
    MailStore store;

    /** A fresh data dir, every listener off (each test turns on those it needs), plaintext AUTH as asked. */
    static Path common(DynamicPropertyRegistry registry, boolean allowPlaintextAuth) {
        return common(registry, "pop3", allowPlaintextAuth);
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

    /** Connects to the plain listener and logs in with USER and PASS, asserting each {@code +OK}. */
    RawPop3Client login(AccountStore.Account account, String password) throws IOException {
        RawPop3Client client = new RawPop3Client(port("pop3"));
        assertThat(client.line()).startsWith("+OK ");
        assertThat(client.command("USER " + account.address())).startsWith("+OK");
        assertThat(client.command("PASS " + password)).startsWith("+OK");
        return client;
    }
}
