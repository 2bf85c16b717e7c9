package dev.mailwright.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;

import dev.mailwright.dns.TestDnsServer;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.SpecialUse;
import dev.mailwright.store.UidSet;
import dev.mailwright.net.TestPorts;

/**
 * Shared by the MX tests of this package: the application's MX on a free loopback port, answering DNS from one
 * {@link TestDnsServer} per test class, and helpers that find a marked message in an INBOX or a Junk folder.
 * Subclasses are {@code @SpringBootTest}s that call {@link #register} from their {@code @DynamicPropertySource}.
 */
abstract class InboundTestSupport {
    static final String HOSTNAME = "mx.example.test";

    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;

    static void register(DynamicPropertyRegistry registry, TestDnsServer dns, int smtpPort) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("mailwright-inbound-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("mailwright.data-dir", dataDir::toString);
        registry.add("mailwright.hostname", () -> HOSTNAME);
        registry.add("mailwright.domains", () -> "example.test");
        registry.add("mailwright.smtp.port", () -> smtpPort);
        registry.add("mailwright.smtp.bind", () -> "127.0.0.1");
        registry.add("mailwright.submission.port", () -> 0);
        registry.add("mailwright.submissions.port", () -> 0);
        registry.add("mailwright.imap.port", () -> 0);
        registry.add("mailwright.imaps.port", () -> 0);
        registry.add("mailwright.dns.servers", dns::address);
        registry.add("mailwright.dns.timeout", () -> "2s");
        registry.add("mailwright.bootstrap.accounts[0].address", () -> "bob@example.test");
        registry.add("mailwright.bootstrap.accounts[0].password", () -> "bob-secret-1");
        registry.add("mailwright.bootstrap.accounts[1].address", () -> "alice@example.test");
        registry.add("mailwright.bootstrap.accounts[1].password", () -> "alice-secret-1");
    }


    static String token() {
        return "T" + UUID.randomUUID().toString().replace("-", "");
    }

    AccountId account(String address) {
        return accounts.findAccount(address).orElseThrow().id();
    }

    /** Raw messages containing {@code marker} in the account's INBOX. */
    List<String> inbox(String address, String marker) {
        return messagesIn(store.mailbox(account(address), "INBOX"), marker);
    }

    /** Raw messages containing {@code marker} in the account's {@code \Junk} mailbox (none if it has none). */
    List<String> junk(String address, String marker) {
        return messagesIn(store.mailbox(account(address), SpecialUse.JUNK), marker);
    }

    private List<String> messagesIn(Optional<MailboxInfo> mailbox, String marker) {
        return mailbox.map(box -> rawMessagesContaining(store, box, marker)).orElse(List.of());
    }

    /** The raw text of every message in {@code mailbox} that contains {@code marker}, read from the store. */
    static List<String> rawMessagesContaining(MailStore store, MailboxInfo mailbox, String marker) {
        List<String> found = new ArrayList<>();
        store.forEachMeta(mailbox.id(), UidSet.ALL, meta -> {
            try (InputStream in = store.openMessage(meta.blobHash())) {
                String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (raw.contains(marker)) {
                    found.add(raw);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return found;
    }

    /** A minimal message; {@code marker} in the subject and body. */
    static String message(String from, String marker, String extraHeaders) {
        return extraHeaders + "From: " + from + "\r\nTo: <bob@example.test>\r\nSubject: test " + marker + "\r\n"
                + "Message-ID: <" + marker + "@sender.test>\r\nDate: Fri, 04 Dec 2026 20:00:00 +0000\r\n\r\n"
                + "Body of " + marker + "\r\n";
    }
}
