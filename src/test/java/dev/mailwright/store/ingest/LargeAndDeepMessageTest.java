package dev.mailwright.store.ingest;

import dev.mailwright.store.MessageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Big attachments stream through; hostile nesting and part counts stay bounded. */
@Timeout(30)
class LargeAndDeepMessageTest {
    private final Mime4jMessageParser parser = new Mime4jMessageParser();

    @Test
    void largeAttachmentInASpoolFileShouldGetExactOffsetsInOnePass(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.eml");
        String head = "Subject: big\r\nContent-Type: multipart/mixed; boundary=big\r\n\r\n--big\r\n"
                + "Content-Type: text/plain\r\n\r\nsee attachment\r\n--big\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        byte[] line = ("A".repeat(76) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        int lines = 150_000; // about 12 MB
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < lines; i++) {
                out.write(line);
            }
            out.write("--big--\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        ParsedMessage p = parser.parseStrictly(MessageSource.ofFile(file));
        MimePart attachment = p.root().section(List.of(2)).orElseThrow();
        assertThat(attachment.bodyStart()).isEqualTo(head.length());
        assertThat(attachment.bodyEnd() - attachment.bodyStart()).isEqualTo((long) lines * line.length - 2);
        assertThat(p.bodyStructure()).contains("\"BASE64\" " + ((long) lines * line.length - 2) + " NIL");
        assertThat(p.preview()).isEqualTo("see attachment");
        StructureInvariants.verify(p, Files.size(file));
    }

    @Test
    void hugeSingleLineTextShouldBeCountedButOnlyItsStartKeptForSearch() {
        byte[] header = "Content-Type: text/plain\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[header.length + 8_000_000];
        System.arraycopy(header, 0, message, 0, header.length);
        java.util.Arrays.fill(message, header.length, message.length, (byte) 'z');
        ParsedMessage p = parser.parseStrictly(MessageSource.of(message));
        assertThat(p.bodyStructure()).contains("\"7BIT\" 8000000 1 ");
        assertThat(p.searchText()).hasSize(ParseLimits.DEFAULTS.searchTextLength());
        assertThat(p.preview()).hasSize(ParseLimits.DEFAULTS.previewLength());
    }

    @Test
    void deeplyNestedMultipartsShouldBeCappedInsteadOfOverflowingTheStack() {
        int depth = 5_000;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i)
                    .append("\r\n");
        }
        sb.append("Content-Type: text/plain\r\n\r\ndeep\r\n");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
        ParsedMessage p = parser.parseStrictly(MessageSource.of(bytes));
        StructureInvariants.verify(p, bytes.length);
        int levels = 0;
        for (MimePart part = p.root(); part.isMultipart(); part = part.children().getFirst()) {
            levels++;
        }
        assertThat(levels).isEqualTo(ParseLimits.DEFAULTS.maxNesting());
    }

    @Test
    void deeplyNestedMessagesShouldBeCapped() {
        String rfc822 = "Content-Type: message/rfc822\r\n\r\n";
        byte[] bytes = (rfc822.repeat(3_000) + "Subject: bottom\r\n\r\nx\r\n").getBytes(StandardCharsets.US_ASCII);
        ParsedMessage p = parser.parseStrictly(MessageSource.of(bytes));
        StructureInvariants.verify(p, bytes.length);
    }

    @Test
    void hugeNumberOfPartsShouldStopAtTheEntityLimit() {
        StringBuilder sb = new StringBuilder("Content-Type: multipart/mixed; boundary=p\r\n\r\n");
        for (int i = 0; i < 30_000; i++) {
            sb.append("--p\r\n\r\n").append(i).append("\r\n");
        }
        sb.append("--p--\r\n");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
        ParsedMessage p = parser.parseStrictly(MessageSource.of(bytes));
        StructureInvariants.verify(p, bytes.length);
        assertThat(p.root().children()).hasSize(ParseLimits.DEFAULTS.maxParts() - 1);
        assertThat(p.root().children().getLast().bodyEnd()).isEqualTo(bytes.length - "\r\n--p--\r\n".length());
    }
}
