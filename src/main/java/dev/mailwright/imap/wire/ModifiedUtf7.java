package dev.mailwright.imap.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Mailbox names in modified UTF-7 (RFC 3501 §5.1.3), used until the client enables UTF8=ACCEPT. */
public final class ModifiedUtf7 {
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private ModifiedUtf7() {
    }

    public static String encode(String name) {
        StringBuilder out = new StringBuilder();
        StringBuilder pending = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                flush(pending, out);
                out.append(c == '&' ? "&-" : String.valueOf(c));
            } else {
                pending.append(c);
            }
        }
        flush(pending, out);
        return out.toString();
    }

    private static void flush(StringBuilder pending, StringBuilder out) {
        if (pending.isEmpty()) {
            return;
        }
        ByteBuffer utf16 = StandardCharsets.UTF_16BE.encode(CharBuffer.wrap(pending));
        byte[] bytes = new byte[utf16.remaining()];
        utf16.get(bytes);
        out.append('&').append(ENCODER.encodeToString(bytes).replace('/', ',')).append('-');
        pending.setLength(0);
    }

    /** Decodes; empty when the name is not valid modified UTF-7. */
    public static Optional<String> decode(String name) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = name.indexOf('-', i);
            if (end < 0) {
                return Optional.empty();
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                try {
                    byte[] bytes = DECODER.decode(name.substring(i + 1, end).replace(',', '/'));
                    if (bytes.length % 2 != 0) {
                        return Optional.empty();
                    }
                    out.append(new String(bytes, StandardCharsets.UTF_16BE));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
            i = end + 1;
        }
        return Optional.of(out.toString());
    }
}
