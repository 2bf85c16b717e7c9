package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.mailwright.smtp.RawSmtpClient.Reply;

/**
 * Issue #12 over the real MX listener: hostile command lines and a message built to make ingest's header
 * parsing, subject normalisation and MIME scanning super-linear or deep are answered at once, and the session
 * goes on. Each reply gets a generous {@link #QUICK_MS}; the class's budget is 120 s.
 */
@Timeout(120)
class SmtpBoundedWorkTest extends SmtpServerTestSupport {
    private static final long QUICK_MS = 15_000;

    private static Reply quickly(RawSmtpClient client, String line) throws IOException {
        long start = System.nanoTime();
        Reply reply = client.command(line);
        assertThat((System.nanoTime() - start) / 1_000_000).as(line.substring(0, Math.min(40, line.length()))).isLessThan(QUICK_MS);
        return reply;
    }

    @Test
    void hostileCommandLinesShouldBeAnsweredAtOnceAndTheSessionGoOn() throws IOException {
        try (RawSmtpClient client = mx()) {
            assertThat(quickly(client, "BDAT 10" + " ".repeat(400) + "x").code()).isEqualTo(501);
            assertThat(quickly(client, "MAIL FROM:<" + "a.".repeat(200) + "a@remote.invalid>" + " X=1".repeat(120)).code())
                    .isIn(250, 500, 501, 553);
            assertThat(quickly(client, "RSET").code()).isEqualTo(250);
            assertThat(quickly(client, "MAIL FROM:<sender@remote.invalid>").code()).isEqualTo(250);
            assertThat(quickly(client, "RCPT TO:<\"" + "a.".repeat(30) + "\"@example.test>").code()).isIn(550, 553, 501);
            assertThat(quickly(client, "RCPT TO:<" + "<".repeat(400) + ">").code()).isEqualTo(501);
            assertThat(quickly(client, "NOOP").code()).isEqualTo(250);
        }
    }

    /** A fold of {@code lines} lines, each {@code piece} repeated to stay under the 1000-octet text line limit. */
    private static String folded(String piece, int perLine, int lines) {
        return (piece.repeat(perLine) + "\r\n ").repeat(lines - 1) + piece.repeat(perLine);
    }

    @Test
    void aMessageBuiltForSuperLinearParsingShouldBeAcceptedAtOnceAndStoredOnce() throws IOException {
        String marker = token();
        StringBuilder nested = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            nested.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
        }
        String message = "From: <sender@remote.invalid>\r\nTo: <bob@example.test>\r\n"
                + "Subject: " + folded("Re: ", 200, 60) + " " + marker + "\r\n"
                + "Date: " + folded("(", 900, 60) + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + nested
                + "Content-Type: text/html\r\n\r\n" + folded("<b>", 300, 30).replace("\r\n ", "\r\n") + marker + "\r\n";
        assertThat(message.length()).isLessThan(256 * 1024);
        try (RawSmtpClient client = mx()) {
            assertThat(quickly(client, "MAIL FROM:<sender@remote.invalid>").code()).isEqualTo(250);
            assertThat(quickly(client, "RCPT TO:<bob@example.test>").code()).isEqualTo(250);
            assertThat(quickly(client, "DATA").code()).isEqualTo(354);
            long start = System.nanoTime();
            client.sendRaw(message + ".\r\n");
            assertThat(client.read().code()).isEqualTo(250);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(QUICK_MS);
            assertThat(quickly(client, "NOOP").code()).isEqualTo(250);
        }
        assertThat(inboxMessagesWith("bob@example.test", marker)).hasSize(1);
    }
}
