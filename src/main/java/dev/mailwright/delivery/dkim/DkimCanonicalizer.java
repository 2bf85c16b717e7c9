package dev.mailwright.delivery.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The "relaxed" header and body canonicalization of RFC 6376 §3.4.2 and §3.4.4. */
final class DkimCanonicalizer {
    private DkimCanonicalizer() {
    }

    /**
     * One header field, given as it appears in the message (name, colon, value, possibly folded, without
     * the final CRLF). Returns {@code name:value} with the name lower-cased, folds removed, whitespace runs
     * reduced to one space and trimmed around the colon and at the end; no trailing CRLF.
     */
    static String relaxedHeader(String field) {
        int colon = field.indexOf(':');
        String name = field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = field.substring(colon + 1).replace("\r\n", "").replaceAll("[ \t]+", " ").strip();
        return name + ":" + value;
    }

    /**
     * The body from {@code start} to the end: trailing whitespace removed from each line, whitespace runs
     * reduced to one space, empty lines at the end removed, and a non-empty body ending in CRLF.
     */
    static byte[] relaxedBody(byte[] message, int start) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(16, message.length - start));
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int pendingEmptyLines = 0;
        int i = start;
        while (i < message.length) {
            int end = indexOfCrlf(message, i);
            int lineEnd = end < 0 ? message.length : end;
            line.reset();
            boolean inWhitespace = false;
            for (int j = i; j < lineEnd; j++) {
                byte b = message[j];
                if (b == ' ' || b == '\t') {
                    inWhitespace = true;
                } else {
                    if (inWhitespace) {
                        line.write(' ');
                        inWhitespace = false;
                    }
                    line.write(b);
                }
            }
            if (line.size() == 0) {
                pendingEmptyLines++;
            } else {
                for (; pendingEmptyLines > 0; pendingEmptyLines--) {
                    out.write('\r');
                    out.write('\n');
                }
                out.writeBytes(line.toByteArray());
                out.write('\r');
                out.write('\n');
            }
            i = end < 0 ? message.length : end + 2;
        }
        return out.toByteArray();
    }

    /** Offset just after the blank line that ends the header, or the message length if there is none. */
    static int bodyStart(byte[] message) {
        if (message.length >= 2 && message[0] == '\r' && message[1] == '\n') {
            return 2;
        }
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                return i + 4;
            }
        }
        return message.length;
    }

    static String headerText(byte[] message, int bodyStart) {
        return new String(message, 0, bodyStart, StandardCharsets.ISO_8859_1);
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
