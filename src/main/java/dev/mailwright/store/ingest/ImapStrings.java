package dev.mailwright.store.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Writes RFC 3501 §9 strings for ENVELOPE and BODYSTRUCTURE. A string goes out quoted when it is plain
 * 7-bit text, otherwise as a literal whose length counts the UTF-8 octets of its content (the IMAP
 * encoder writes these strings as UTF-8). NUL is never allowed in an IMAP string and is dropped.
 */
final class ImapStrings {
    static final String NIL = "NIL";

    private ImapStrings() {
    }

    static void nstring(StringBuilder out, Optional<String> value) {
        if (value.isPresent()) {
            string(out, value.get());
        } else {
            out.append(NIL);
        }
    }

    static void string(StringBuilder out, String value) {
        String s = value.indexOf('\0') >= 0 ? value.replace("\0", "") : value;
        if (needsLiteral(s)) {
            out.append('{').append(s.getBytes(StandardCharsets.UTF_8).length).append("}\r\n").append(s);
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static boolean needsLiteral(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c >= 0x80) {
                return true;
            }
        }
        return false;
    }
}
