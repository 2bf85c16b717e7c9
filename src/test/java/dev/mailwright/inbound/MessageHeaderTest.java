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
        assertThat(header.length()).isEqualTo("From: a@example.test\r\nSubject: two\r\n\tlines\r\nX-Empty:\r\n\r\n".length());
    }

    @Test
    void aLargeBodyShouldNotBeReadAndTheBlankLineShouldBeFoundAcrossReads() throws IOException {
        String head = "From: a@example.test\r\nSubject: split\r\n\r\n";
        byte[] body = new byte[1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'b');
        byte[] all = new byte[head.length() + body.length];
        System.arraycopy(head.getBytes(StandardCharsets.ISO_8859_1), 0, all, 0, head.length());
        System.arraycopy(body, 0, all, head.length(), body.length);
        InputStream in = new ByteArrayInputStream(all);
        MessageHeader header = MessageHeader.read(in);
        assertThat(header.fields()).extracting(MessageHeader.Field::name).containsExactly("from", "subject");
        assertThat(in.available()).as("at most the first buffer of the body is read").isGreaterThan(body.length - 8192);

        // a stream that hands out three bytes per read: the blank line arrives in pieces
        InputStream trickle = new java.io.FilterInputStream(new ByteArrayInputStream(all)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        MessageHeader pieces = MessageHeader.read(trickle);
        assertThat(pieces.fields()).extracting(MessageHeader.Field::name).containsExactly("from", "subject");
        assertThat(pieces.length()).isEqualTo(head.length());
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
