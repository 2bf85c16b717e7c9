package dev.mailwright.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One SMTP reply: code, enhanced status (RFC 3463, empty where none belongs, as on the greeting) and text.
 * {@code text} may hold {@code %s} placeholders filled by {@link #format(Object...)}.
 */
record SmtpReply(int code, String enhanced, String text) {

    /** Fills the placeholders; control characters in client-supplied values cannot break the reply line. */
    SmtpReply format(Object... args) {
        Object[] safe = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            safe[i] = args[i] instanceof String s ? s.replaceAll("\\p{Cntrl}", "?") : args[i];
        }
        return new SmtpReply(code, enhanced, text.formatted(safe));
    }

    boolean isPositive() {
        return code < 400;
    }

    /** The reply on the wire, CRLF-terminated. */
    byte[] encode() {
        return (code + " " + (enhanced.isEmpty() ? "" : enhanced + " ") + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A multi-line reply (EHLO, HELP): {@code 250-first}, ..., {@code 250 last}. */
    static byte[] encodeLines(int code, List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(code).append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i)).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
