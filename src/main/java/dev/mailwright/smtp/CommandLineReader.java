package dev.mailwright.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one command line (or SASL response line). A line ends at LF; a CR before it is dropped. Lines
 * longer than the limit (counted with their CRLF, RFC 5321 §4.5.3.1.4) are consumed to their end and
 * reported as {@link CommandLine.TooLong}, so the session stays in step with the client.
 */
final class CommandLineReader {
    private CommandLineReader() {
    }

    static CommandLine read(InputStream in, int maxOctets) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        long length = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                if (length + (end == bytes.length ? 2 : 1) > maxOctets) {
                    return new CommandLine.TooLong();
                }
                return new CommandLine.Line(new String(bytes, 0, end, StandardCharsets.UTF_8));
            }
            length++;
            if (length <= maxOctets) {
                line.write(b);
            }
        }
        return new CommandLine.Closed();
    }
}
