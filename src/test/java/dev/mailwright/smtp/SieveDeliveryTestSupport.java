package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.SieveScripts;
import dev.mailwright.store.UidSet;

/**
 * What the Sieve-at-delivery tests share on top of the SMTP listeners: a fresh account with an active script, one
 * message sent to the real MX port, and the stored messages of a mailbox.
 */
abstract class SieveDeliveryTestSupport extends SmtpServerTestSupport {
    @Autowired
    SieveScripts scripts;

    /** A fresh account named {@code prefix-...@example.test} whose one script {@code main} is active. */
    String newAccount(String prefix, String script) {
        String address = prefix + "-" + token().substring(1, 13).toLowerCase() + "@example.test";
        AccountId id = accounts.createAccount(address, "{noop}unused", false).id();
        scripts.put(id, "main", script);
        assertThat(scripts.activate(id, Optional.of("main"))).isTrue();
        return address;
    }

    /** One SMTP transaction on the MX port; the reply to the end of DATA. */
    static RawSmtpClient.Reply send(String from, List<String> to, String message) throws IOException {
        try (RawSmtpClient client = mx()) {
            assertThat(client.command("MAIL FROM:<" + from + ">").code()).isEqualTo(250);
            for (String recipient : to) {
                assertThat(client.command("RCPT TO:<" + recipient + ">").code()).isEqualTo(250);
            }
            assertThat(client.command("DATA").code()).isEqualTo(354);
            return client.command(message + ".");
        }
    }

    static RawSmtpClient.Reply send(String from, String to, String message) throws IOException {
        return send(from, List.of(to), message);
    }

    List<MessageMeta> messagesIn(String address, String mailbox) {
        Optional<MailboxInfo> box = store.mailbox(account(address), mailbox);
        List<MessageMeta> found = new ArrayList<>();
        box.ifPresent(info -> store.forEachMeta(info.id(), UidSet.ALL, found::add));
        return found;
    }

    String text(MessageMeta meta) {
        try (InputStream in = store.openMessage(meta.blobHash())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
