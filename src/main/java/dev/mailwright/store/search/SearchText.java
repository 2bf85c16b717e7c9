package dev.mailwright.store.search;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * The text the index holds, folded the one way every search compares: {@code toLowerCase(Locale.ROOT)}, as the
 * exact matches of IMAP SEARCH and the webmail do. The header text is one line per field, {@code name: value},
 * unfolded and with RFC 2047 words decoded; address fields add a second line without comments, so that whatever
 * a search decides from the header is a substring of this text (the index must never miss a match).
 */
public final class SearchText {
    /** Bytes of a message read for its header, as IMAP SEARCH reads them. */
    public static final int MAX_HEADER = 256 * 1024;
    private static final Set<String> ADDRESS_FIELDS = Set.of("from", "to", "cc", "bcc", "sender", "reply-to");

    private SearchText() {
    }

    public static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /** The folded header text of a message whose first bytes (up to {@link #MAX_HEADER}) are {@code head}. */
    public static String header(byte[] head) {
        return headerLines(head).text();
    }

    /**
     * The folded header text, and whether its lines are exactly its fields: true unless a decoded value holds a line
     * break (an RFC 2047 word can encode one), which would make a line that is no field. Where it is true, the text
     * alone decides what IMAP SEARCH decides from the header (store.SearchRow#header).
     */
    public record Header(String text, boolean linesAreFields) {
    }

    /** {@link #header} with {@link Header#linesAreFields}. */
    public static Header headerLines(byte[] head) {
        // only the header is decoded (the bytes up to the blank line: line breaks are ASCII, so they are where the
        // decoded text has them), and split without a regex: a 50 KB message is read whole for its header
        String text = new String(head, 0, headerLength(head), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        boolean[] breaks = {false};
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : lines(text)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.trim());
                continue;
            }
            appendField(out, name, value, breaks);
            int colon = line.indexOf(':');
            name = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : null;
            value.setLength(0);
            if (colon > 0) {
                value.append(line, colon + 1, line.length());
            }
        }
        appendField(out, name, value, breaks);
        String folded = fold(out.toString());
        return new Header(folded, !breaks[0]);
    }

    /** Address fields whose header line has a second line without comments (the field's next line). */
    public static boolean hasCommentFreeLine(String fieldName) {
        return ADDRESS_FIELDS.contains(fieldName);
    }

    /** Bytes before the first CRLF CRLF, else before the first LF LF, else all of them. */
    static int headerLength(byte[] head) {
        int bare = -1;
        for (int i = 0; i + 1 < head.length; i++) {
            if (head[i] == '\n' && head[i + 1] == '\n' && bare < 0) {
                bare = i;
            } else if (i + 3 < head.length && head[i] == '\r' && head[i + 1] == '\n' && head[i + 2] == '\r'
                    && head[i + 3] == '\n') {
                return i;
            }
        }
        return bare >= 0 ? bare : head.length;
    }

    /** {@code text.split("\\r?\\n")}: the lines without their breaks, trailing empty ones dropped. */
    static java.util.List<String> lines(String text) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        int start = 0;
        int kept = 0;   // lines up to the last one that is not empty
        while (start <= text.length()) {
            int lf = text.indexOf('\n', start);
            int end = lf < 0 ? text.length() : lf;
            String line = text.substring(start, lf > start && text.charAt(lf - 1) == '\r' ? lf - 1 : end);
            lines.add(line);
            if (!line.isEmpty()) {
                kept = lines.size();
            }
            if (lf < 0) {
                break;
            }
            start = lf + 1;
        }
        return lines.subList(0, kept);
    }

    private static void appendField(StringBuilder out, String name, StringBuilder value, boolean[] breaks) {
        if (name == null) {
            return;
        }
        String decoded = DecoderUtil.decodeEncodedWords(value.toString().trim(), DecodeMonitor.SILENT);
        if (decoded.indexOf('\n') >= 0) {
            breaks[0] = true;
        }
        out.append(name).append(": ").append(decoded).append('\n');
        if (ADDRESS_FIELDS.contains(name)) {
            out.append(name).append(": ").append(withoutComments(fold(decoded))).append('\n');
        }
    }

    /**
     * The text without (nested) comments and without blanks around {@code @} and {@code .} (RFC 5322 §3.4.1 CFWS), so
     * that {@code <user (comment)@ (comment) domain.org>} reads {@code <user@domain.org>}. The index and IMAP SEARCH's
     * exact decision ({@code SearchableHeader}) both read addresses through this one method, so they agree.
     */
    public static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (depth == 0 && c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
                continue;
            } else if (!quoted && c == ')' && depth > 0) {
                depth--;
                continue;
            } else if (c == '\\' && (depth > 0 || quoted) && i + 1 < text.length()) {
                i++;
                if (depth == 0) {
                    out.append(c).append(text.charAt(i));
                }
                continue;
            }
            if (depth > 0) {
                continue;
            }
            boolean joiner = (c == '@' || c == '.') && !quoted;
            if (joiner) {
                while (!out.isEmpty() && Character.isWhitespace(out.charAt(out.length() - 1))) {
                    out.setLength(out.length() - 1);
                }
            } else if (Character.isWhitespace(c) && !quoted && !out.isEmpty()) {
                char last = out.charAt(out.length() - 1);
                if (Character.isWhitespace(last) || last == '@' || last == '.') {
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** {@code %text%} for {@code LIKE ... ESCAPE '!'}, {@code text} already folded. */
    public static String likePattern(String folded) {
        return "%" + folded.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
