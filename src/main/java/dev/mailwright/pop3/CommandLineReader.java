package dev.mailwright.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads client lines (commands and SASL responses) of at most {@code maxLine} octets, CRLF included; a bare LF ends a
 * line too. A longer line is read to its end and dropped, so that the next command starts on a line boundary.
 */
final class CommandLineReader {
    private final InputStream input;
    private final int maxLine;

    CommandLineReader(InputStream input, int maxLine) {
        this.input = input;
        this.maxLine = maxLine;
    }

    sealed interface Line {
        record Text(String text) implements Line {
        }

        record TooLong() implements Line {
        }

        record EndOfStream() implements Line {
        }
    }

    Line next() throws IOException {
        byte[] buffer = new byte[maxLine];
        int length = 0;
        boolean tooLong = false;
        while (true) {
            int b = input.read();
            if (b < 0) {
                return new Line.EndOfStream();
            }
            if (b == '\n') {
                if (tooLong) {
                    return new Line.TooLong();
                }
                if (length > 0 && buffer[length - 1] == '\r') {
                    length--;
                }
                // the limit counts the CRLF
                return length + 2 > maxLine ? new Line.TooLong() : new Line.Text(new String(buffer, 0, length, StandardCharsets.UTF_8));
            }
            if (tooLong) {
                continue;   // read to the end of the line; the command time-out bounds how long that may take
            }
            if (length == buffer.length) {
                tooLong = true;
                continue;
            }
            buffer[length++] = (byte) b;
        }
    }
}
