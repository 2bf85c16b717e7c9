package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mailwright.store.MessageSource;

class MessageSpoolTest {
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 27, 3, 4, 5, 0, ZoneOffset.UTC);
    private static final MessageIntake.Trace TRACE = new MessageIntake.Trace("smtp-1-1", "Received: test\r\n");

    @TempDir
    Path dir;

    private String spool(String message, Mode mode) throws IOException {
        MessageSpool spool = MessageSpool.create(dir, TRACE, switch (mode) {
            case MX -> headers -> "";
            case SUBMISSION -> headers -> TraceHeaders.missingSubmissionHeaders(headers, "mx.example.test", NOW);
        });
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        spool.write(bytes, 0, 3);
        for (int i = 3; i < 10 && i < bytes.length; i++) {
            spool.write(bytes[i]);
        }
        if (bytes.length > 10) {
            spool.write(bytes, 10, bytes.length - 10);
        }
        MessageSource source = spool.finish();
        try (InputStream in = source.open()) {
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            spool.discard();
            return text;
        }
    }

    private enum Mode { MX, SUBMISSION }

    @Test
    void traceShouldComeFirstAndNothingElseBeAddedOnMx() throws IOException {
        assertThat(spool("Subject: a\r\n\r\nbody\r\n", Mode.MX)).isEqualTo("Received: test\r\nSubject: a\r\n\r\nbody\r\n");
    }

    @Test
    void missingMessageIdAndDateShouldBeAddedOnSubmission() throws IOException {
        String stored = spool("Subject: a\r\n\r\nbody mentions Date: and Message-ID: in the body\r\n", Mode.SUBMISSION);

        assertThat(stored).startsWith("Received: test\r\nMessage-ID: <").contains("@mx.example.test>\r\n")
                .contains("Date: Fri, 27 Nov 2026 03:04:05 +0000\r\nSubject: a\r\n\r\nbody");
    }

    @Test
    void presentMessageIdAndDateShouldBeKept() throws IOException {
        String message = "Date: Thu, 26 Nov 2026 10:00:00 +0100\r\nmessage-id: <x@y>\r\n\r\nbody\r\n";

        assertThat(spool(message, Mode.SUBMISSION)).isEqualTo("Received: test\r\n" + message);
    }

    @Test
    void resentDateShouldNotCountAsDate() throws IOException {
        assertThat(spool("Resent-Date: x\r\nMessage-ID: <a@b>\r\n\r\nbody\r\n", Mode.SUBMISSION)).contains("\r\nDate: ");
    }

    @Test
    void headerOnlyMessageShouldStillGetItsHeaders() throws IOException {
        assertThat(spool("Subject: only headers\r\n", Mode.SUBMISSION)).contains("Message-ID: <").endsWith("Subject: only headers\r\n");
    }

    @Test
    void discardShouldDeleteTheFile() throws IOException {
        MessageSpool spool = MessageSpool.create(dir, TRACE, headers -> "");
        spool.write(new byte[] {'x'});
        spool.discard();

        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
