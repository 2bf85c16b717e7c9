package dev.mailwright.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The header's text is decoded only up to the blank line and split without a regex: the same lines as decoding all
 * the bytes read, cutting at the first CRLF CRLF (else LF LF) and splitting at {@code \r?\n}, for random bytes of
 * line breaks, text and broken UTF-8.
 */
class SearchTextLinesTest {
    private static final byte[] ALPHABET = {'\r', '\n', 'a', ':', ' ', '\t', (byte) 0xc3, (byte) 0xa9, (byte) 0xff};

    @Test
    void theHeaderShouldBeCutAndSplitAsTheWholeDecodedTextWas() {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 50_000; round++) {
            byte[] head = new byte[random.nextInt(30)];
            for (int i = 0; i < head.length; i++) {
                head[i] = ALPHABET[random.nextInt(ALPHABET.length)];
            }
            String whole = new String(head, StandardCharsets.UTF_8);
            int end = whole.indexOf("\r\n\r\n");
            if (end < 0) {
                end = whole.indexOf("\n\n");
            }
            String expected = end >= 0 ? whole.substring(0, end) : whole;
            String text = new String(head, 0, SearchText.headerLength(head), StandardCharsets.UTF_8);
            assertThat(text).as("%s", Arrays.toString(head)).isEqualTo(expected);
            assertThat(SearchText.lines(text)).as("%s", Arrays.toString(head))
                    .isEqualTo(expected.isEmpty() ? java.util.List.of() : Arrays.asList(expected.split("\r?\n")));
        }
    }

    @Test
    void foldedLinesShouldBeJoinedAndTheBodyLeftOut() {
        byte[] message = "Subject: one\r\n two\r\nFrom: A <a@example.test>\r\n\r\nSubject: not a field\r\n"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(SearchText.header(message))
                .isEqualTo("subject: one two\nfrom: a <a@example.test>\nfrom: a <a@example.test>\n");
    }
}
