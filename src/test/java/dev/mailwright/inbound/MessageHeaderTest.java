package dev.mailwright.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The header section the inbound checks read from every MX message: fields in order, folds kept, bounded. */
class MessageHeaderTest {
    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void fieldsShouldComeInOrderWithTheirFoldsAndStopAtTheBlankLine() throws IOException {
        InputStream in = stream("From: a@example.test\r\nSubject: two\r\n\tlines\r\nX-Empty:\r\n\r\nbody: not a field\r\n");
        MessageHeader header = MessageHeader.read(in);
        assertThat(header.fields()).extracting(MessageHeader.Field::name).containsExactly("from", "subject", "x-empty");
        assertThat(header.fields().get(1).raw()).isEqualTo("Subject: two\r\n\tlines");
        assertThat(header.fields().get(1).value()).isEqualTo("two\tlines");
        assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).as("the body is not read")
                .isEqualTo("body: not a field\r\n");
    }

    @Test
    void aMessageWithoutHeaderOrBodyShouldGiveWhatItHas() throws IOException {
        assertThat(MessageHeader.read(stream("\r\nonly a body\r\n")).fields()).isEmpty();
        assertThat(MessageHeader.read(stream("Subject: no blank line")).fields())
                .extracting(MessageHeader.Field::name).containsExactly("subject");
        assertThat(MessageHeader.parse("no colon here\r\nTo: b@example.test\r\n").fields())
                .extracting(MessageHeader.Field::raw).containsExactly("To: b@example.test");
    }

    @Test
    void aHeaderLongerThanTheBoundShouldBeCutThere() throws IOException {
        String line = "X-Filler: " + "x".repeat(990) + "\r\n";
        String text = line.repeat(MessageHeader.MAX_BYTES / line.length() + 10) + "\r\nbody";
        InputStream in = stream(text);
        MessageHeader header = MessageHeader.read(in);
        assertThat(header.fields()).hasSizeLessThanOrEqualTo(MessageHeader.MAX_BYTES / line.length() + 1);
        assertThat(in.available()).as("reading stopped at the bound").isEqualTo(text.length() - MessageHeader.MAX_BYTES);
    }
}
