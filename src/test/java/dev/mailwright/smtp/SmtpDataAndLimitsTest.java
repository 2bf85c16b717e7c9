package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import dev.mailwright.smtp.RawSmtpClient.Reply;

/** DATA framing over real sockets (dot-stuffing, bare CR/LF, smuggling) and every per-message limit. */
class SmtpDataAndLimitsTest extends SmtpServerTestSupport {

    private static void startData(RawSmtpClient client, String recipient) throws IOException {
        assertThat(client.command("MAIL FROM:<sender@remote.invalid>").code()).isEqualTo(250);
        assertThat(client.command("RCPT TO:<" + recipient + ">").code()).isEqualTo(250);
        assertThat(client.command("DATA").code()).isEqualTo(354);
    }

    @Test
    void dotStuffedLinesShouldArriveWithExactlyOneDotRemoved() throws IOException {
        String marker = token();
        try (RawSmtpClient client = mx()) {
            startData(client, "bob@example.test");
            client.sendRaw("Subject: " + marker + "\r\n\r\n..\r\n..leading dot\r\n...two dots\r\n. space\r\nend\r\n.\r\n");
            assertThat(client.read().code()).isEqualTo(250);
        }
        assertThat(inboxMessagesWith("bob@example.test", marker)).singleElement()
                .satisfies(raw -> assertThat(raw).endsWith("\r\n\r\n.\r\n.leading dot\r\n..two dots\r\n space\r\nend\r\n"));
    }

    @Test
    void bareLfInDataShouldRefuseTheMessageAndKeepTheSessionUsable() throws IOException {
        String marker = token();
        try (RawSmtpClient client = mx()) {
            startData(client, "bob@example.test");
            client.sendRaw("Subject: " + marker + "\r\n\r\nline with bare LF\nnext\r\n.\r\n");

            Reply refused = client.read();
            assertThat(refused.code()).isEqualTo(554);
            assertThat(refused.enhanced()).isEqualTo("5.6.0");
            assertThat(client.command("NOOP").code()).isEqualTo(250);
        }
        assertThat(inboxMessagesWith("bob@example.test", marker)).isEmpty();
    }

    @Test
    void bareCrInDataShouldRefuseTheMessage() throws IOException {
        String marker = token();
        try (RawSmtpClient client = mx()) {
            startData(client, "bob@example.test");
            client.sendRaw("Subject: " + marker + "\r\n\r\nline with bare CR\rnext\r\n.\r\n");

            assertThat(client.read().code()).isEqualTo(554);
        }
        assertThat(inboxMessagesWith("bob@example.test", marker)).isEmpty();
    }

    /** SMTP smuggling: a second message hidden behind a non-standard end of data must never be accepted. */
    @Test
    void smuggledMessageBehindLfDotLfShouldNeverBeAccepted() throws IOException {
        String outer = token();
        String smuggled = token();
        try (RawSmtpClient client = mx()) {
            startData(client, "bob@example.test");
            client.sendRaw("Subject: " + outer + "\r\n\r\nhello\n.\nMAIL FROM:<admin@example.test>\r\nRCPT TO:<alice@example.test>\r\n"
                    + "DATA\r\nSubject: " + smuggled + "\r\n\r\nsmuggled\r\n.\r\nNOOP\r\n");

            assertThat(client.read().code()).isEqualTo(554);
            assertThat(client.read().last()).as("the NOOP is the next command; nothing else was executed")
                    .startsWith("250 2.0.0 OK");
        }
        assertThat(inboxMessagesWith("alice@example.test", smuggled)).isEmpty();
        assertThat(inboxMessagesWith("bob@example.test", outer)).isEmpty();
    }

    @Test
    void smuggledMessageBehindCrLfDotLfShouldNeverBeAccepted() throws IOException {
        String smuggled = token();
        try (RawSmtpClient client = mx()) {
            startData(client, "bob@example.test");
            client.sendRaw("Subject: outer\r\n\r\nhello\r\n.\nMAIL FROM:<admin@example.test>\r\nRCPT TO:<alice@example.test>\r\n"
                    + "DATA\r\nSubject: " + smuggled + "\r\n\r\nsmuggled\r\n.\r\n");

            assertThat(client.read().code()).isEqualTo(554);
            assertThat(client.command("NOOP").code()).isEqualTo(250);
        }
        assertThat(inboxMessagesWith("alice@example.test", smuggled)).isEmpty();
    }

    @Test
    void commandLineOverTheLimitShouldAnswer500AndKeepTheSession() throws IOException {
        try (RawSmtpClient client = mx()) {
            Reply tooLong = client.command("NOOP " + "x".repeat(600));
            assertThat(tooLong.code()).isEqualTo(500);
            assertThat(tooLong.enhanced()).isEqualTo("5.5.2");

            Reply wayTooLong = client.command("HELO " + "y".repeat(20_000));
            assertThat(wayTooLong.code()).isEqualTo(500);
            assertThat(client.command("NOOP").code()).isEqualTo(250);
        }
    }

    @Test
    void textLineOver1000OctetsShouldRefuseTheMessageAndKeepTheSession() throws IOException {
        String marker = token();
        try (RawSmtpClient client = mx()) {
            startData(client, "bob@example.test");
            client.sendRaw("Subject: " + marker + "\r\n\r\n" + "z".repeat(999) + "\r\n.\r\n");

            assertThat(client.read().code()).isEqualTo(500);
            startData(client, "bob@example.test");
            client.sendRaw("Subject: " + marker + "\r\n\r\n" + "z".repeat(998) + "\r\n.\r\n");
            assertThat(client.read().code()).isEqualTo(250);
        }
        assertThat(inboxMessagesWith("bob@example.test", marker)).singleElement()
                .satisfies(raw -> assertThat(raw).contains("z".repeat(998) + "\r\n"));
    }

    @Test
    void declaredSizeOverTheLimitShouldAnswer552() throws IOException {
        try (RawSmtpClient client = mx()) {
            Reply reply = client.command("MAIL FROM:<a@remote.invalid> SIZE=" + (256 * 1024 + 1));

            assertThat(reply.code()).isEqualTo(552);
            assertThat(reply.enhanced()).isEqualTo("5.3.4");
        }
    }

    @Test
    void messageGrowingOverTheLimitShouldAnswer552AndStoreNothing() throws IOException {
        String marker = token();
        try (RawSmtpClient client = mx()) {
            startData(client, "bob@example.test");
            StringBuilder body = new StringBuilder("Subject: " + marker + "\r\n\r\n");
            String line = "b".repeat(998) + "\r\n";
            while (body.length() < 300 * 1024) {
                body.append(line);
            }
            client.sendRaw(body + ".\r\n");

            Reply reply = client.read();
            assertThat(reply.code()).isEqualTo(552);
            assertThat(reply.enhanced()).isEqualTo("5.3.4");
            assertThat(client.command("NOOP").code()).isEqualTo(250);
        }
        assertThat(inboxMessagesWith("bob@example.test", marker)).isEmpty();
    }

    @Test
    void recipientsOverTheLimitShouldAnswer452() throws IOException {
        try (RawSmtpClient client = mx()) {
            client.command("MAIL FROM:<a@remote.invalid>");
            for (int i = 0; i < 5; i++) {
                assertThat(client.command("RCPT TO:<bob+" + i + "@example.test>").code()).isEqualTo(250);
            }
            Reply sixth = client.command("RCPT TO:<carol@example.test>");

            assertThat(sixth.code()).isEqualTo(452);
            assertThat(sixth.enhanced()).isEqualTo("4.5.3");
        }
    }

    @Test
    void tooManyBadCommandsShouldAnswer421AndClose() throws IOException {
        try (RawSmtpClient client = mx()) {
            for (int i = 0; i < 5; i++) {
                assertThat(client.command("BOGUS " + i).code()).isEqualTo(500);
            }
            client.send("BOGUS last");

            assertThat(client.read().code()).isEqualTo(500);
            assertThat(client.read().last()).startsWith("421 4.7.0");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void failedMessageShouldLeaveNoSpoolFileBehind() throws IOException {
        // above this context's spool-in-memory (16KB), so both messages go through spool files
        String large = "0123456789abcdefghijklmnopqrstuvwxyz\r\n".repeat(1000);
        try (RawSmtpClient client = mx()) {
            startData(client, "bob@example.test");
            client.sendRaw("Subject: refused\r\n\r\n" + large + "bare\nLF\r\n.\r\n");
            assertThat(client.read().code()).isEqualTo(554);
            startData(client, "bob@example.test");
            client.sendRaw("Subject: fine\r\n\r\n" + large + "ok\r\n.\r\n");
            assertThat(client.read().code()).isEqualTo(250);
        }
        assertThat(spoolDirectory()).isDirectory();
        try (var files = java.nio.file.Files.list(spoolDirectory())) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("smtp-"))).isEmpty();
        }
    }
}
