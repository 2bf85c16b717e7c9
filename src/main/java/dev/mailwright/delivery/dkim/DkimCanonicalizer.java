package dev.mailwright.delivery.dkim;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The "relaxed" header canonicalization of RFC 6376 §3.4.2 and the header/body split ({@link BodyCanonicalizer} does bodies). */
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
}
