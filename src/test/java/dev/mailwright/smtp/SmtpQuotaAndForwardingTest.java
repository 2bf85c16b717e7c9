package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.mailwright.smtp.RawSmtpClient.Reply;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.Quota;

/** Quotas at RCPT (452 4.2.2) and at the end of DATA (552 5.2.2); admin-defined forwards to external addresses. */
@Timeout(120)
class SmtpQuotaAndForwardingTest extends SmtpServerTestSupport {

    private String accountWith(Quota quota) {
        String address = "quota-" + token().substring(1, 9).toLowerCase(Locale.ROOT) + "@example.test";
        AccountId id = accounts.createAccount(address, "unused-hash", false).id();
        accounts.setQuota(id, quota);
        return address;
    }

    @Test
    void rcptShouldAnswer452WhenTheAccountIsAlreadyFull() throws IOException {
        String full = accountWith(new Quota(OptionalLong.empty(), OptionalLong.of(1)));
        store.deliver(MessageSource.of(message("x@remote.invalid", full, token()).getBytes(StandardCharsets.US_ASCII)),
                List.of(account(full)));

        try (RawSmtpClient client = mx()) {
            assertThat(client.command("MAIL FROM:<sender@remote.invalid>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<" + full + ">").last()).startsWith("452 4.2.2");
            assertThat(client.command("RCPT TO:<bob@example.test>").code()).isEqualTo(250);
        }
        assertThat(inboxCount(full)).isEqualTo(1);
    }

    @Test
    void dataShouldAnswer552WhenTheMessageWouldExceedTheQuotaAndStoreNothing() throws IOException {
        String small = accountWith(new Quota(OptionalLong.of(2_000), OptionalLong.empty()));
        String marker = token();
        String big = message("sender@remote.invalid", small, marker).replace("Body of", ("x".repeat(70) + "\r\n").repeat(45) + "Body of");
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<sender@remote.invalid>");
            assertThat(client.command("RCPT TO:<" + small + ">").code()).isEqualTo(250);
            assertThat(client.command("DATA").code()).isEqualTo(354);
            assertThat(client.command(big + ".").last()).startsWith("552 5.2.2");

            String fits = token();
            client.command("MAIL FROM:<sender@remote.invalid>");
            assertThat(client.command("RCPT TO:<" + small + ">").code()).isEqualTo(250);
            client.command("DATA");
            assertThat(client.command(message("sender@remote.invalid", small, fits) + ".").last()).startsWith("250 2.0.0");
            assertThat(inboxMessagesWith(small, fits)).hasSize(1);
        }
        assertThat(inboxMessagesWith(small, marker)).isEmpty();
        assertThat(inboxCount(small)).isEqualTo(1);
    }

    @Test
    void rcptShouldAnswer552WhenTheDeclaredSizeCannotFitTheQuota() throws IOException {
        String small = accountWith(new Quota(OptionalLong.of(2_000), OptionalLong.empty()));
        try (RawSmtpClient client = mx()) {
            assertThat(client.command("MAIL FROM:<sender@remote.invalid> SIZE=5000").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<" + small + ">").last()).startsWith("552 5.2.2");
            assertThat(client.command("RCPT TO:<bob@example.test>").code()).isEqualTo(250);
            client.command("RSET");
            assertThat(client.command("MAIL FROM:<sender@remote.invalid> SIZE=500").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<" + small + ">").code()).isEqualTo(250);
        }
    }

    @Test
    void forwardAliasShouldQueueTheExternalTargetButOtherRemoteAddressesStayRefusedOnMx() throws IOException {
        String marker = token().toLowerCase(Locale.ROOT);
        String source = "fwd-" + marker + "@example.test";
        accounts.addForward(source, "friend-" + marker + "@remote.invalid");
        String sender = "sender-" + marker + "@elsewhere.invalid";

        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<" + sender + ">");
            assertThat(client.command("RCPT TO:<friend-" + marker + "@remote.invalid>").last()).startsWith("554 5.7.1");
            assertThat(client.command("RCPT TO:<" + source.toUpperCase(Locale.ROOT) + ">").code()).isEqualTo(250);
            client.command("DATA");
            assertThat(client.command(message(sender, source, marker) + ".").last()).startsWith("250 2.0.0");
        }
        assertThat(queuedRecipientsFrom(sender)).containsExactly("friend-" + marker + "@remote.invalid");
    }
}
