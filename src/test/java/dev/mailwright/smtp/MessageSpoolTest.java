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

import dev.mailwright.inbound.HeaderRewrite;
import dev.mailwright.store.MessageSource;

class MessageSpoolTest {
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 27, 3, 4, 5, 0, ZoneOffset.UTC);
    private static final MessageIntake.Trace TRACE = new MessageIntake.Trace("smtp-1-1", "Received: test\r\n");

    @TempDir
    Path dir;

    private final SpoolMemory memory = new SpoolMemory(256 * 1024, 1024 * 1024);

    private String spool(String message, Mode mode) throws IOException {
        return spool(message, mode, memory);
    }

    private String spool(String message, Mode mode, SpoolMemory budget) throws IOException {
        MessageSpool spool = MessageSpool.create(dir, budget, TRACE, switch (mode) {
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
        MessageSpool spool = MessageSpool.create(dir, new SpoolMemory(0, 0), TRACE, headers -> "");
        spool.write(new byte[] {'x'});
        spool.finish();
        assertThat(spool.inMemory()).isFalse();
        assertThat(files()).hasSize(1);

        spool.discard();

        assertThat(files()).isEmpty();
    }

    @Test
    void aSmallMessageShouldStayInMemoryAndGiveItsBudgetBackWhenDiscarded() throws IOException {
        MessageSpool spool = MessageSpool.create(dir, memory, TRACE, headers -> "");
        byte[] message = "Subject: a\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        spool.write(message, 0, message.length);

        MessageSource source = spool.finish();

        assertThat(spool.inMemory()).isTrue();
        assertThat(source).isInstanceOf(MessageSource.InMemory.class);
        assertThat(files()).isEmpty();
        assertThat(memory.free()).isLessThan(1024 * 1024);
        spool.discard();
        assertThat(memory.free()).isEqualTo(1024 * 1024);
    }

    @Test
    void everyWayOfSpoolingShouldKeepTheSameBytes() throws IOException {
        String message = "Subject: a\r\n\r\n" + "0123456789abcdef\r\n".repeat(2000);
        String expected = "Received: test\r\n" + message;

        assertThat(spool(message, Mode.MX)).isEqualTo(expected);                              // in memory
        assertThat(spool(message, Mode.MX, new SpoolMemory(0, 0))).isEqualTo(expected);        // a file from the start
        assertThat(spool(message, Mode.MX, new SpoolMemory(4096, 1 << 20))).isEqualTo(expected); // moved to a file midway
        assertThat(spool(message, Mode.MX, new SpoolMemory(1 << 20, 100))).isEqualTo(expected);  // the budget is too small
        assertThat(files()).isEmpty();
    }

    @Test
    void aMessageAboveThePerMessageBoundShouldMoveToAFileAndReturnItsMemory() throws IOException {
        SpoolMemory budget = new SpoolMemory(16 * 1024, 1 << 20);
        MessageSpool spool = MessageSpool.create(dir, budget, TRACE, headers -> "");
        byte[] line = "0123456789abcdef\r\n".getBytes(StandardCharsets.US_ASCII);
        spool.write("Subject: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 2000; i++) {
            spool.write(line);
            if (!spool.inMemory()) {
                assertThat(i).isGreaterThan(16 * 1024 / line.length - 4);   // not before the bound was reached
                break;
            }
        }
        assertThat(spool.inMemory()).isFalse();
        assertThat(budget.free()).isEqualTo(1 << 20);
        assertThat(files()).hasSize(1);
        spool.discard();
        assertThat(files()).isEmpty();
    }

    @Test
    void thePerMessageBoundShouldNeverExceedTheTotalNorWhatOneArrayHolds() {
        assertThat(new SpoolMemory(1 << 20, 4096).perMessage()).isEqualTo(4096);
        assertThat(new SpoolMemory(Long.MAX_VALUE, Long.MAX_VALUE).perMessage()).isLessThan(Integer.MAX_VALUE);
        assertThat(new SpoolMemory(-1, 100).perMessage()).isZero();
    }

    @Test
    void whenOtherSessionsHoldTheBudgetTheNextMessageShouldGoToAFile() throws IOException {
        SpoolMemory budget = new SpoolMemory(64 * 1024, 64 * 1024);
        MessageSpool first = MessageSpool.create(dir, budget, TRACE, headers -> "");
        first.write(("Subject: a\r\n\r\n" + "x".repeat(60 * 1024)).getBytes(StandardCharsets.US_ASCII));
        MessageSpool second = MessageSpool.create(dir, budget, TRACE, headers -> "");
        second.write(("Subject: b\r\n\r\n" + "y".repeat(8 * 1024)).getBytes(StandardCharsets.US_ASCII));

        assertThat(first.inMemory()).isTrue();
        assertThat(second.inMemory()).isFalse();
        first.discard();
        second.discard();
        assertThat(budget.free()).isEqualTo(64 * 1024);
    }

    @Test
    void theRewriteShouldGiveTheSameBytesFromMemoryAndFromAFile() throws IOException {
        String message = "Authentication-Results: mx.example.test; spf=pass\r\nSubject: a\r\n\r\nbody\r\n";
        HeaderRewrite rewrite = new HeaderRewrite("Authentication-Results: mx.example.test; dmarc=none\r\n", "mx.example.test");
        String fromMemory = rewritten(message, rewrite, memory);
        String fromFile = rewritten(message, rewrite, new SpoolMemory(0, 0));
        String budgetTooSmallForTheCopy = rewritten(message, rewrite, new SpoolMemory(200, 200));

        assertThat(fromMemory).isEqualTo("Authentication-Results: mx.example.test; dmarc=none\r\n"
                + "Received: test\r\nSubject: a\r\n\r\nbody\r\n");
        assertThat(fromFile).isEqualTo(fromMemory);
        assertThat(budgetTooSmallForTheCopy).isEqualTo(fromMemory);
        assertThat(memory.free()).isEqualTo(1024 * 1024);
        assertThat(files()).isEmpty();
    }

    private String rewritten(String message, HeaderRewrite rewrite, SpoolMemory budget) throws IOException {
        MessageSpool spool = MessageSpool.create(dir, budget, TRACE, headers -> "");
        spool.write(message.getBytes(StandardCharsets.US_ASCII));
        spool.finish();
        try (InputStream in = spool.rewrite(rewrite).open()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } finally {
            spool.discard();
        }
    }

    private java.util.List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
