package dev.mailwright.inbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.SpecialUse;
import dev.mailwright.net.TestPorts;

/** What the inbound tests share: free ports, a fresh data dir, messages marked with a unique token, mailbox reads. */
abstract class MxTestSupport {
    @Autowired
    protected MailStore store;
    @Autowired
    protected AccountStore accounts;


    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String token() {
        return "T" + UUID.randomUUID().toString().replace("-", "");
    }

    static String message(String from, String to, String marker, String body) {
        return "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: test " + marker + "\r\n"
                + "Message-ID: <" + marker + "@client.test>\r\nDate: Fri, 04 Dec 2026 20:00:00 +0000\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + body + "\r\nRef " + marker + "\r\n";
    }

    AccountId account(String address) {
        return accounts.findAccount(address).orElseThrow().id();
    }

    /** Raw text of every message in the mailbox that contains {@code marker}. */
    List<String> messagesWith(String address, MailboxInfo mailbox, String marker) {
        return InboundTestSupport.rawMessagesContaining(store, mailbox, marker);
    }

    List<String> inboxWith(String address, String marker) {
        return messagesWith(address, store.mailbox(account(address), "INBOX").orElseThrow(), marker);
    }

    List<String> junkWith(String address, String marker) {
        return store.mailbox(account(address), SpecialUse.JUNK).map(junk -> messagesWith(address, junk, marker))
                .orElse(List.of());
    }
}
