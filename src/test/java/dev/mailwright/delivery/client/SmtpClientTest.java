package dev.mailwright.delivery.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.mailwright.store.MessageSource;

@Timeout(20)
class SmtpClientTest {
    private static final MessageSource MESSAGE = MessageSource.of(
            "Subject: hi\r\n\r\n.leading dot\r\nbare\nlf\r\n".getBytes(StandardCharsets.US_ASCII));

    private static String acceptAll(String line) {
        if (line.startsWith("RCPT TO:<nobody@")) {
            return "550 5.1.1 no such user";
        }
        return line.equals("DATA") ? "354 go ahead" : "250 ok";
    }

    private static SmtpClient connect(ScriptedSmtpServer server) throws Exception {
        return SmtpClient.connect("127.0.0.1", server.port(), "mx.example.test", TlsPolicy.OPPORTUNISTIC,
                (SSLSocketFactory) SSLSocketFactory.getDefault(), Optional.empty(), Duration.ofSeconds(5));
    }

    @Test
    void sendShouldPipelineMailAndRcptAndReportEachRecipient() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("250-remote.test\r\n250-PIPELINING\r\n250 SIZE 1000000",
                SmtpClientTest::acceptAll);
             SmtpClient client = connect(server)) {
            List<SmtpReply> replies = client.send("alice@example.test", List.of("bob@remote.test", "nobody@remote.test"),
                    MESSAGE, SmtpClient.MessageTraits.SEVEN_BIT);

            assertThat(replies).extracting(SmtpReply::code).containsExactly(250, 550);
            assertThat(server.received).contains("MAIL FROM:<alice@example.test> SIZE=" + MESSAGE.size());
            assertThat(server.messages).containsExactly("Subject: hi\r\n\r\n..leading dot\r\nbare\r\nlf\r\n");
        }
    }

    @Test
    void secondTransactionOnSameConnectionShouldStartWithRset() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("250 remote.test", SmtpClientTest::acceptAll);
             SmtpClient client = connect(server)) {
            client.send("a@example.test", List.of("b@remote.test"), MESSAGE, SmtpClient.MessageTraits.SEVEN_BIT);
            client.send("a@example.test", List.of("c@remote.test"), MESSAGE, SmtpClient.MessageTraits.SEVEN_BIT);

            assertThat(server.received).containsSubsequence("DATA", "RSET", "MAIL FROM:<a@example.test>", "RCPT TO:<c@remote.test>");
            assertThat(server.messages).hasSize(2);
        }
    }

    @Test
    void sendShouldFallBackToHeloWhenEhloIsRefused() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("502 5.5.1 no EHLO here", SmtpClientTest::acceptAll);
             SmtpClient client = connect(server)) {
            client.send("a@example.test", List.of("b@remote.test"), MESSAGE, SmtpClient.MessageTraits.SEVEN_BIT);

            assertThat(server.received).contains("HELO mx.example.test");
            assertThat(client.supports("PIPELINING")).isFalse();
        }
    }

    @Test
    void transientMailFromRefusalShouldBeRetryable() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("250 remote.test",
                line -> line.startsWith("MAIL") ? "451 4.3.0 try later" : acceptAll(line));
             SmtpClient client = connect(server)) {
            assertThatThrownBy(() -> client.send("a@example.test", List.of("b@remote.test"), MESSAGE, SmtpClient.MessageTraits.SEVEN_BIT))
                    .isInstanceOfSatisfying(SmtpClientException.class, e -> {
                        assertThat(e.isPermanent()).isFalse();
                        assertThat(e.reply()).map(SmtpReply::code).contains(451);
                    });
        }
    }

    @Test
    void requiredStartTlsShouldFailWhenServerDoesNotOfferIt() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("250 remote.test", SmtpClientTest::acceptAll)) {
            assertThatThrownBy(() -> SmtpClient.connect("127.0.0.1", server.port(), "mx.example.test", TlsPolicy.REQUIRED_STARTTLS,
                    (SSLSocketFactory) SSLSocketFactory.getDefault(), Optional.empty(), Duration.ofSeconds(5)))
                    .isInstanceOf(SmtpClientException.class).hasMessageContaining("STARTTLS");
        }
    }

    @Test
    void internationalizedMessageShouldBeRefusedPermanentlyWhenSmtputf8IsNotOffered() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("250 remote.test", SmtpClientTest::acceptAll);
             SmtpClient client = connect(server)) {
            assertThatThrownBy(() -> client.send("a@example.test", List.of("b@remote.test"), MESSAGE, new SmtpClient.MessageTraits(false, true)))
                    .isInstanceOfSatisfying(SmtpClientException.class, e -> assertThat(e.isPermanent()).isTrue());
        }
    }
}
