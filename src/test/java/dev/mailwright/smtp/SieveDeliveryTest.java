package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mailwright.delivery.LocalDelivery;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.SieveScripts;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;

/**
 * Sieve at delivery through the real MX port (raw SMTP client): each test gives a fresh account a script, sends
 * over SMTP and reads the store. Covers filing with flags and :create, SMTP-time ereject, redirect with sender
 * rewriting, vacation once per sender, and scripts that fail (never lose mail).
 */
class SieveDeliveryTest extends SieveDeliveryTestSupport {
    @Autowired
    LocalDelivery localDelivery;

    private String newAccount(String script) {
        return newAccount("sieve", script);
    }

    @Test
    void fileintoWithCreateAndFlagsFilesTheCopyThereOnly() throws IOException {
        String user = newAccount("""
                require ["fileinto", "mailbox", "imap4flags"];
                if header :contains "subject" "invoice" {
                    addflag "\\\\Flagged";
                    fileinto :create :flags ["\\\\Seen", "$Billing"] "Finance/Invoices";
                }
                """);
        String marker = token();
        RawSmtpClient.Reply reply = send("shop@remote.invalid", user, message("shop@remote.invalid", user, marker)
                .replace("Subject: test ", "Subject: Your invoice "));
        assertThat(reply.code()).isEqualTo(250);
        assertThat(messagesIn(user, "INBOX")).isEmpty();
        assertThat(messagesIn(user, "Finance/Invoices")).singleElement().satisfies(meta -> {
            assertThat(meta.flags().has(SystemFlag.SEEN)).isTrue();
            assertThat(meta.flags().hasKeyword("$Billing")).isTrue();
            assertThat(meta.flags().has(SystemFlag.FLAGGED)).isFalse();   // :flags replaces the internal variable
            assertThat(text(meta)).contains(marker);
        });
        // no match: the implicit keep, into the INBOX
        assertThat(send("shop@remote.invalid", user, message("shop@remote.invalid", user, token())).code()).isEqualTo(250);
        assertThat(messagesIn(user, "INBOX")).hasSize(1);
    }

    @Test
    void erejectForTheOnlyRecipientIsRefusedInTheSmtpSession() throws IOException {
        String user = newAccount("require \"ereject\";\nif address :domain \"from\" \"spammer.invalid\" { ereject \"No mail from you, thanks.\"; }");
        String marker = token();
        RawSmtpClient.Reply reply = send("x@spammer.invalid", user, message("x@spammer.invalid", user, marker));
        assertThat(reply.last()).isEqualTo("550 5.7.1 No mail from you, thanks.");
        assertThat(messagesIn(user, "INBOX")).isEmpty();
        assertThat(queuedRecipientsFrom("")).doesNotContain("x@spammer.invalid");
    }

    @Test
    void redirectQueuesACopyWithTheAccountAsSenderAndKeepsNoneWithoutCopy() throws IOException {
        String user = newAccount("redirect \"elsewhere@remote.invalid\";");
        assertThat(send("friend@other.invalid", user, message("friend@other.invalid", user, token())).code()).isEqualTo(250);
        assertThat(messagesIn(user, "INBOX")).isEmpty();
        // the foreign sender would fail SPF at the next hop: rewritten to the redirecting account
        assertThat(queuedRecipientsFrom(user)).containsExactly("elsewhere@remote.invalid");
    }

    @Test
    void vacationAnswersEachSenderOnceWithTheNullSender() throws IOException {
        String user = newAccount("""
                require "vacation";
                vacation :days 7 :subject "Away until Monday" "I am out of the office.";
                """);
        String sender = "colleague-" + token().substring(1, 8).toLowerCase() + "@remote.invalid";
        assertThat(send(sender, user, message(sender, user, token())).code()).isEqualTo(250);
        assertThat(send(sender, user, message(sender, user, token())).code()).isEqualTo(250);
        assertThat(messagesIn(user, "INBOX")).hasSize(2);
        List<String> replies = jdbc.queryForList("SELECT recipient FROM outbound_queue WHERE sender = '' AND recipient = ?",
                String.class, sender);
        assertThat(replies).hasSize(1);

        // a list message is never answered (RFC 5230 §4.6)
        String lister = "list-" + token().substring(1, 8).toLowerCase() + "@remote.invalid";
        assertThat(send(lister, user, "List-Id: <news.remote.invalid>\r\n" + message(lister, user, token())).code()).isEqualTo(250);
        assertThat(jdbc.queryForList("SELECT recipient FROM outbound_queue WHERE recipient = ?", String.class, lister)).isEmpty();
    }

    @Test
    void vacationReplyToALocalSenderLandsInTheirInboxThreaded() throws IOException {
        String user = newAccount("require \"vacation\";\nvacation :subject \"Out\" \"Back on Monday.\";");
        String localSender = newAccount("keep;");
        String marker = token();
        // a local sender submits (the MX refuses our own domains unauthenticated): the webmail's path, no SMTP
        localDelivery.accept(MessageSource.of(message(localSender, user, marker).getBytes(StandardCharsets.UTF_8)),
                new MailStore.Envelope(localSender, List.of(account(user)), List.of()), Optional.empty());
        assertThat(messagesIn(user, "INBOX")).hasSize(1);
        assertThat(messagesIn(localSender, "INBOX")).singleElement().satisfies(meta -> assertThat(text(meta))
                .contains("Subject: Out\r\n", "Auto-Submitted: auto-replied", "In-Reply-To: <" + marker + "@client.test>",
                        "Back on Monday."));
    }

    @Test
    void aScriptThatFailsAtRunTimeOrDoesNotCompileKeepsTheMessage() throws IOException {
        String looping = newAccount("redirect \"a@x.invalid\";\nredirect \"b@x.invalid\";\nredirect \"c@x.invalid\";\n"
                + "redirect \"d@x.invalid\";\nredirect \"e@x.invalid\";");
        assertThat(send("s@remote.invalid", looping, message("s@remote.invalid", looping, token())).code()).isEqualTo(250);
        assertThat(messagesIn(looping, "INBOX")).hasSize(1);
        assertThat(queuedRecipientsFrom(looping)).isEmpty();

        String broken = newAccount("keep;");
        scripts.put(account(broken), "main", "this is { not sieve");   // stored behind the compiler's back
        assertThat(send("s@remote.invalid", broken, message("s@remote.invalid", broken, token())).code()).isEqualTo(250);
        assertThat(messagesIn(broken, "INBOX")).hasSize(1);
    }

    @Test
    void scriptsAreStoredPerAccountWithOneActive() {
        String user = newAccount("keep;");
        AccountId id = account(user);
        scripts.put(id, "second", "discard;");
        assertThat(scripts.list(id)).extracting(SieveScripts.Script::name).containsExactly("main", "second");
        assertThat(scripts.active(id)).hasValueSatisfying(s -> assertThat(s.name()).isEqualTo("main"));
        assertThat(scripts.activate(id, Optional.of("second"))).isTrue();
        assertThat(scripts.list(id)).filteredOn(SieveScripts.Script::active).extracting(SieveScripts.Script::name).containsExactly("second");
        assertThat(scripts.activate(id, Optional.of("missing"))).isFalse();
        assertThat(scripts.rename(id, "main", "old")).isTrue();
        assertThat(scripts.delete(id, "old")).isTrue();
        assertThat(scripts.activate(id, Optional.empty())).isTrue();
        assertThat(scripts.active(id)).isEmpty();
    }
}
