package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import dev.mailwright.smtp.RawSmtpClient.Reply;

/** The MX port over raw sockets: RFC 5321 commands, sequence, policy and limits. */
class SmtpMxTest extends SmtpServerTestSupport {

    @Test
    void greetingShouldBe220WithTheHostname() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.connect(SMTP_PORT)) {
            Reply greeting = client.read();

            assertThat(greeting.code()).isEqualTo(220);
            assertThat(greeting.last()).startsWith("220 mx.example.test ESMTP");
        }
    }

    @Test
    void ehloShouldAdvertiseExtensionsAndStartTlsButNoAuthOnMx() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.connect(SMTP_PORT)) {
            client.read();
            Reply ehlo = client.command("EHLO client.test");

            assertThat(ehlo.code()).isEqualTo(250);
            assertThat(ehlo.lines().getFirst()).isEqualTo("250-mx.example.test Hello client.test");
            for (String keyword : new String[] {"PIPELINING", "SIZE 262144", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "CHUNKING", "STARTTLS"}) {
                assertThat(ehlo.advertises(keyword)).as(keyword).isTrue();
            }
            assertThat(ehlo.advertises("AUTH")).isFalse();
        }
    }

    @Test
    void messageForLocalUserShouldBeStoredWithReceivedHeaderBeforeThe250() throws IOException {
        String marker = token();
        try (RawSmtpClient client = mx()) {
            assertThat(client.command("MAIL FROM:<sender@remote.invalid>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<bob@example.test>").last()).startsWith("250 2.1.5");
            assertThat(client.command("DATA").code()).isEqualTo(354);
            Reply accepted = client.command(message("sender@remote.invalid", "bob@example.test", marker) + ".");

            assertThat(accepted.last()).startsWith("250 2.0.0");
            // 250 comes only after the commit, so the message is visible at once
            assertThat(inboxMessagesWith("bob@example.test", marker)).singleElement().satisfies(raw -> {
                // the inbound checks' Authentication-Results on top (RFC 8601), then our trace field
                assertThat(raw).startsWith("Authentication-Results: mx.example.test;");
                assertThat(raw).containsPattern("\r\nReceived: from client\\.test \\((\\S+ )?\\[127\\.0\\.0\\.1\\]\\) \\(fcrdns=\\w+\\)\r\n"
                        + "\tby mx\\.example\\.test \\(Mailwright\\) with ESMTP id smtp-");
                assertThat(raw).containsPattern("with ESMTP id smtp-\\d+-1\r\n\tfor <bob@example.test>; \\w{3}, \\d{1,2} \\w{3} \\d{4} ");
                assertThat(raw).contains("Subject: test " + marker + "\r\n");
            });
        }
    }

    @Test
    void mxShouldNotAddMessageIdOrDate() throws IOException {
        String marker = token();
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<sender@remote.invalid>");
            client.command("RCPT TO:<bob@example.test>");
            client.command("DATA");
            assertThat(client.command("Subject: " + marker + "\r\n\r\nno ids\r\n.").code()).isEqualTo(250);
        }
        assertThat(inboxMessagesWith("bob@example.test", marker)).singleElement()
                .satisfies(raw -> assertThat(raw).doesNotContain("Message-ID:").doesNotContain("\nDate:"));
    }

    @Test
    void heloClientShouldBeTracedWithProtocolSmtp() throws IOException {
        String marker = token();
        try (RawSmtpClient client = RawSmtpClient.connect(SMTP_PORT)) {
            client.read();
            assertThat(client.command("HELO old.client.test").last()).isEqualTo("250 mx.example.test Hello old.client.test");
            client.command("MAIL FROM:<sender@remote.invalid>");
            client.command("RCPT TO:<bob@example.test>");
            client.command("DATA");
            assertThat(client.command(message("sender@remote.invalid", "bob@example.test", marker) + ".").code()).isEqualTo(250);
        }
        assertThat(inboxMessagesWith("bob@example.test", marker)).singleElement()
                .satisfies(raw -> assertThat(raw).contains("with SMTP id"));
    }

    @Test
    void nullSenderShouldBeAcceptedOnMx() throws IOException {
        String marker = token();
        try (RawSmtpClient client = mx()) {
            assertThat(client.command("MAIL FROM:<>").code()).isEqualTo(250);
            client.command("RCPT TO:<alice@example.test>");
            client.command("DATA");
            assertThat(client.command(message("MAILER-DAEMON@remote.invalid", "alice@example.test", marker) + ".").code()).isEqualTo(250);
        }
        assertThat(inboxMessagesWith("alice@example.test", marker)).hasSize(1);
    }

    @Test
    void unknownLocalUserShouldAnswer550() throws IOException {
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<sender@remote.invalid>");
            Reply reply = client.command("RCPT TO:<nobody@example.test>");

            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.enhanced()).isEqualTo("5.1.1");
        }
    }

    @Test
    void postmasterShouldBeAcceptedBareAndAtEveryLocalDomain() throws IOException {
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<sender@remote.invalid>");

            assertThat(client.command("RCPT TO:<Postmaster>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<POSTMASTER@example.test>").code()).isEqualTo(250);
        }
    }

    @Test
    void quotedLocalPartShouldBeLookedUpNotRefusedAsSyntax() throws IOException {
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<sender@remote.invalid>");

            Reply unknown = client.command("RCPT TO:<\"quoted name\"@example.test>");
            assertThat(unknown.code()).isEqualTo(550);
            assertThat(unknown.enhanced()).isEqualTo("5.1.1");
            assertThat(client.command("RCPT TO:<\"alice\"@example.test>").code()).isEqualTo(250);
        }
    }

    @Test
    void recipientInForeignDomainShouldBeRefusedAsRelay() throws IOException {
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<alice@example.test>");
            Reply reply = client.command("RCPT TO:<victim@remote.invalid>");

            assertThat(reply.code()).isEqualTo(554);
            assertThat(reply.enhanced()).isEqualTo("5.7.1");
        }
    }

    @Test
    void aliasAndPlusTagShouldReachTheirAccount() throws IOException {
        String marker = token();
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<sender@remote.invalid>");
            assertThat(client.command("RCPT TO:<Sales@EXAMPLE.test>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<bob+news@example.test>").code()).isEqualTo(250);
            client.command("DATA");
            assertThat(client.command(message("sender@remote.invalid", "sales@example.test", marker) + ".").code()).isEqualTo(250);
        }
        assertThat(inboxMessagesWith("alice@example.test", marker)).hasSize(1);
        assertThat(inboxMessagesWith("bob@example.test", marker)).hasSize(1);
    }

    @Test
    void recipientsOfOneAccountShouldReceiveOneCopy() throws IOException {
        String marker = token();
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<sender@remote.invalid>");
            client.command("RCPT TO:<alice@example.test>");
            client.command("RCPT TO:<sales@example.test>");
            client.command("RCPT TO:<carol@example.test>");
            client.command("DATA");
            Reply accepted = client.command(message("sender@remote.invalid", "alice@example.test", marker) + ".");

            assertThat(accepted.code()).isEqualTo(250);
        }
        assertThat(inboxMessagesWith("alice@example.test", marker)).hasSize(1);
        assertThat(inboxMessagesWith("carol@example.test", marker)).singleElement()
                .satisfies(raw -> assertThat(raw).as("no 'for' clause with several recipients").doesNotContain("\tfor <"));
    }

    @Test
    void pipelinedCommandsShouldBeAnsweredInOrder() throws IOException {
        String marker = token();
        try (RawSmtpClient client = mx()) {
            client.sendRaw("MAIL FROM:<sender@remote.invalid>\r\nRCPT TO:<bob@example.test>\r\nRCPT TO:<nobody@example.test>\r\n"
                    + "RCPT TO:<carol@example.test>\r\nDATA\r\n");

            assertThat(client.read().last()).startsWith("250 2.1.0");
            assertThat(client.read().last()).startsWith("250 2.1.5");
            assertThat(client.read().last()).startsWith("550 5.1.1");
            assertThat(client.read().last()).startsWith("250 2.1.5");
            assertThat(client.read().code()).isEqualTo(354);
            client.sendRaw(message("sender@remote.invalid", "bob@example.test", marker) + ".\r\nNOOP\r\nQUIT\r\n");
            assertThat(client.read().last()).startsWith("250 2.0.0 Message accepted");
            assertThat(client.read().last()).startsWith("250 2.0.0 OK");
            assertThat(client.read().code()).isEqualTo(221);
        }
        assertThat(inboxMessagesWith("bob@example.test", marker)).hasSize(1);
        assertThat(inboxMessagesWith("carol@example.test", marker)).hasSize(1);
    }

    @Test
    void rcptShouldAnswer503WhenNoMailFromYet() throws IOException {
        try (RawSmtpClient client = mx()) {
            Reply reply = client.command("RCPT TO:<bob@example.test>");

            assertThat(reply.code()).isEqualTo(503);
            assertThat(reply.enhanced()).isEqualTo("5.5.1");
        }
    }

    @Test
    void mailShouldAnswer503BeforeEhlo() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.connect(SMTP_PORT)) {
            client.read();
            assertThat(client.command("MAIL FROM:<a@remote.invalid>").last()).startsWith("503 5.5.1");
        }
    }

    @Test
    void secondMailAndDataWithoutRecipientsShouldBeRefused() throws IOException {
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<a@remote.invalid>");
            assertThat(client.command("MAIL FROM:<b@remote.invalid>").last()).startsWith("503 5.5.1");
            assertThat(client.command("DATA").last()).startsWith("554 5.5.1");
            assertThat(client.command("RSET").code()).isEqualTo(250);
            assertThat(client.command("DATA").last()).startsWith("503 5.5.1");
        }
    }

    @Test
    void rsetShouldForgetTheTransaction() throws IOException {
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<a@remote.invalid>");
            client.command("RSET");
            assertThat(client.command("RCPT TO:<bob@example.test>").code()).isEqualTo(503);
        }
    }

    @Test
    void unknownCommandShouldAnswer500() throws IOException {
        try (RawSmtpClient client = mx()) {
            Reply reply = client.command("XYZZY plugh");

            assertThat(reply.code()).isEqualTo(500);
            assertThat(reply.enhanced()).isEqualTo("5.5.2");
        }
    }

    @Test
    void noopVrfyHelpShouldAnswerWithoutCommitting() throws IOException {
        try (RawSmtpClient client = mx()) {
            assertThat(client.command("noop").code()).isEqualTo(250);
            assertThat(client.command("VRFY bob").last()).startsWith("252 2.5.0");
            assertThat(client.command("HELP").code()).isEqualTo(214);
        }
    }

    @Test
    void quitShouldAnswer221AndClose() throws IOException {
        try (RawSmtpClient client = mx()) {
            assertThat(client.command("QUIT").last()).startsWith("221 2.0.0");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void authShouldNotBeAvailableOnMx() throws IOException {
        try (RawSmtpClient client = mx()) {
            assertThat(client.command("AUTH PLAIN " + RawSmtpClient.base64("\0alice@example.test\0alice-secret")).code()).isEqualTo(503);
        }
    }

    @Test
    void mailParametersShouldBeUnderstoodOrRefusedWith555() throws IOException {
        try (RawSmtpClient client = mx()) {
            assertThat(client.command("MAIL FROM:<a@remote.invalid> SIZE=1000 BODY=8BITMIME SMTPUTF8").code()).isEqualTo(250);
            client.command("RSET");
            assertThat(client.command("MAIL FROM:<a@remote.invalid> BODY=BINARYMIME").code()).isEqualTo(555);
            assertThat(client.command("MAIL FROM:<a@remote.invalid> RET=HDRS").code()).isEqualTo(555);
        }
    }

    @Test
    void utf8AddressesShouldWorkWithSmtputf8() throws IOException {
        try (RawSmtpClient client = mx()) {
            assertThat(client.command("MAIL FROM:<jörg@bücher.invalid> SMTPUTF8").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<bob@example.test>").code()).isEqualTo(250);
        }
    }
}
