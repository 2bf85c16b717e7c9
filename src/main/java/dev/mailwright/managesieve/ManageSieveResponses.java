package dev.mailwright.managesieve;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Encodes server responses (RFC 5804 §4): {@code OK}/{@code NO}/{@code BYE} with an optional response code and text,
 * and strings, quoted when that is allowed (at most 1024 octets, no CR, LF or NUL) and a literal {@code {n}} otherwise.
 * Knows no session and no store.
 */
final class ManageSieveResponses {
    /** RFC 5804 §4: a quoted string holds at most 1024 octets. */
    static final int MAX_QUOTED_OCTETS = 1024;

    private ManageSieveResponses() {
    }

    enum Status { OK, NO, BYE }

    /** One status line; {@code code} and {@code text} are left out when empty. */
    static byte[] status(Status status, Optional<ResponseCode> code, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, status.name());
        code.ifPresent(c -> write(out, " (" + c.wire() + ")"));
        if (!text.isEmpty()) {
            write(out, " ");
            string(out, text);
        }
        write(out, "\r\n");
        return out.toByteArray();
    }

    static byte[] ok(String text) {
        return status(Status.OK, Optional.empty(), text);
    }

    /** {@code OK (TAG "tag") "text"}: NOOP's echo of its argument (RFC 5804 §2.11). */
    static byte[] okTagged(String tag, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "OK (TAG ");
        string(out, tag);
        write(out, ") ");
        string(out, text);
        write(out, "\r\n");
        return out.toByteArray();
    }

    /** A string alone on its line: a capability item, a SASL challenge, a script name. */
    static void string(ByteArrayOutputStream out, String value) {
        byte[] octets = value.getBytes(StandardCharsets.UTF_8);
        if (quotable(octets)) {
            out.write('"');
            for (byte b : octets) {
                if (b == '"' || b == '\\') {
                    out.write('\\');
                }
                out.write(b);
            }
            out.write('"');
        } else {
            write(out, "{" + octets.length + "}\r\n");
            out.writeBytes(octets);
        }
    }

    /** A string always sent as a literal: GETSCRIPT's script (RFC 5804 §2.9). */
    static void literal(ByteArrayOutputStream out, String value) {
        byte[] octets = value.getBytes(StandardCharsets.UTF_8);
        write(out, "{" + octets.length + "}\r\n");
        out.writeBytes(octets);
    }

    private static boolean quotable(byte[] octets) {
        if (octets.length > MAX_QUOTED_OCTETS) {
            return false;
        }
        for (byte b : octets) {
            if (b == '\r' || b == '\n' || b == 0) {
                return false;
            }
        }
        return true;
    }

    static void write(ByteArrayOutputStream out, String ascii) {
        out.writeBytes(ascii.getBytes(StandardCharsets.UTF_8));
    }
}
