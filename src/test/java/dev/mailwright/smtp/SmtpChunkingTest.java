package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import dev.mailwright.smtp.RawSmtpClient.Reply;

/** BDAT (RFC 3030): exact octet counts in every state, chunks assembled in order, size limit. */
class SmtpChunkingTest extends SmtpServerTestSupport {

    @Test
    void chunksShouldBeAssembledIntoOneMessage() throws IOException {
        String marker = token();
        String first = "Subject: " + marker + "\r\n\r\n";
        String second = "line one\r\n.not stuffed\r\n";
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<sender@remote.invalid>");
            client.command("RCPT TO:<bob@example.test>");
            client.sendRaw("BDAT " + first.length() + "\r\n" + first);
            assertThat(client.read().last()).startsWith("250 2.0.0 " + first.length() + " octets");
            client.sendRaw("BDAT " + second.length() + " LAST\r\n" + second);

            assertThat(client.read().last()).startsWith("250 2.0.0 Message accepted");
        }
        assertThat(inboxMessagesWith("bob@example.test", marker)).singleElement()
                .satisfies(raw -> assertThat(raw).startsWith("Authentication-Results: mx.example.test;").contains("\r\nReceived: ")
                        .endsWith(first + second));
    }

    @Test
    void pipelinedTransactionWithBdatLastShouldBeAnsweredInOrder() throws IOException {
        String marker = token();
        String body = "Subject: " + marker + "\r\n\r\nbody\r\n";
        try (RawSmtpClient client = mx()) {
            client.sendRaw("MAIL FROM:<sender@remote.invalid>\r\nRCPT TO:<carol@example.test>\r\nBDAT " + body.length()
                    + " LAST\r\n" + body + "NOOP\r\n");

            assertThat(client.read().code()).isEqualTo(250);
            assertThat(client.read().code()).isEqualTo(250);
            assertThat(client.read().last()).startsWith("250 2.0.0 Message accepted");
            assertThat(client.read().last()).startsWith("250 2.0.0 OK");
        }
        assertThat(inboxMessagesWith("carol@example.test", marker)).hasSize(1);
    }

    @Test
    void bdatWithoutMailShouldStillConsumeItsOctets() throws IOException {
        String payload = "NOOP\r\nNOOP\r\nQUIT\r\n";
        try (RawSmtpClient client = mx()) {
            client.sendRaw("BDAT " + payload.length() + "\r\n" + payload + "HELP\r\n");

            Reply refused = client.read();
            assertThat(refused.code()).isEqualTo(503);
            assertThat(client.read().code()).as("the chunk's content was not executed").isEqualTo(214);
        }
    }

    @Test
    void bdatWithoutValidRecipientsShouldConsumeAndAnswer554() throws IOException {
        String payload = "RSET\r\n";
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<sender@remote.invalid>");
            client.command("RCPT TO:<nobody@example.test>");
            client.sendRaw("BDAT " + payload.length() + " LAST\r\n" + payload + "HELP\r\n");

            assertThat(client.read().code()).isEqualTo(554);
            assertThat(client.read().code()).isEqualTo(214);
            assertThat(client.command("MAIL FROM:<second@remote.invalid>").code())
                    .as("the failed chunk ended the transaction").isEqualTo(250);
        }
    }

    @Test
    void chunksOverTheSizeLimitShouldBeConsumedAndAnswer552() throws IOException {
        String marker = token();
        int size = 300 * 1024;
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<sender@remote.invalid>");
            client.command("RCPT TO:<bob@example.test>");
            client.sendRaw("BDAT " + size + " LAST\r\n" + marker + "x".repeat(size - marker.length()) + "NOOP\r\n");

            Reply reply = client.read();
            assertThat(reply.code()).isEqualTo(552);
            assertThat(client.read().code()).isEqualTo(250);
        }
        assertThat(inboxMessagesWith("bob@example.test", marker)).isEmpty();
    }

    @Test
    void dataAfterBdatShouldBeRefusedAndRsetShouldDropTheChunks() throws IOException {
        String marker = token();
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<sender@remote.invalid>");
            client.command("RCPT TO:<bob@example.test>");
            client.sendRaw("BDAT " + marker.length() + "\r\n" + marker);
            assertThat(client.read().code()).isEqualTo(250);

            assertThat(client.command("DATA").code()).isEqualTo(503);
            assertThat(client.command("RSET").code()).isEqualTo(250);
            client.sendRaw("BDAT 0 LAST\r\n");
            assertThat(client.read().code()).isEqualTo(503);
        }
        assertThat(inboxMessagesWith("bob@example.test", marker)).isEmpty();
    }
}
