package dev.mailwright.inbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The header section of a message as a list of fields in order, each kept exactly as received (folds and all,
 * without the final CRLF), read once from the message. At most {@link #MAX_BYTES} are read: a header section
 * longer than that is cut there (the fields after it are not seen by the checks).
 */
public final class MessageHeader {
    public static final int MAX_BYTES = 256 * 1024;

    /** One field: its lower-case name and its raw text ({@code Name: value}, folds kept). */
    public record Field(String name, String raw) {
        /** The text after the colon, unfolded, trimmed. */
        public String value() {
            return raw.substring(raw.indexOf(':') + 1).replace("\r\n", "").strip();
        }
    }

    private final List<Field> fields;
    private final int length;

    private MessageHeader(List<Field> fields, int length) {
        this.fields = List.copyOf(fields);
        this.length = length;
    }

    /**
     * The header section at the start of {@code in}, read in bulk: the stream may be consumed up to a buffer past the
     * blank line, so callers open the message for its header alone.
     */
    public static MessageHeader read(InputStream in) throws IOException {
        // a plain array filled by bulk reads: a per-byte read() takes the stream's lock for every byte (every MX message)
        byte[] head = new byte[4096];
        int size = 0;
        int last4 = 0;
        while (size < MAX_BYTES) {
            if (size == head.length) {
                head = java.util.Arrays.copyOf(head, Math.min(MAX_BYTES, size * 2));
            }
            int read = in.read(head, size, head.length - size);
            if (read < 0) {
                break;
            }
            for (int i = size; i < size + read; i++) {
                last4 = (last4 << 8) | (head[i] & 0xff);
                if (last4 == 0x0d0a0d0a || (i == 1 && (last4 & 0xffff) == 0x0d0a)) {
                    return parse(new String(head, 0, i + 1, StandardCharsets.ISO_8859_1));   // bytes past it are not ours
                }
            }
            size += read;
        }
        return parse(new String(head, 0, size, StandardCharsets.ISO_8859_1));
    }

    /** Parses header text (CRLF line ends; the blank line that ends it may be included). */
    public static MessageHeader parse(String text) {
        List<Field> fields = new ArrayList<>();
        StringBuilder current = null;
        int end = text.indexOf("\r\n\r\n");
        String section = end < 0 ? text : text.substring(0, end + 2);
        for (int from = 0; from <= section.length(); ) {
            int lineEnd = section.indexOf("\r\n", from);
            String line = section.substring(from, lineEnd < 0 ? section.length() : lineEnd);
            from = lineEnd < 0 ? section.length() + 1 : lineEnd + 2;
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append("\r\n").append(line);
                continue;
            }
            if (current != null) {
                fields.add(field(current.toString()));
            }
            current = line.indexOf(':') > 0 ? new StringBuilder(line) : null;
        }
        if (current != null) {
            fields.add(field(current.toString()));
        }
        return new MessageHeader(fields, end < 0 ? text.length() : end + 4);
    }

    private static Field field(String raw) {
        return new Field(raw.substring(0, raw.indexOf(':')).strip().toLowerCase(Locale.ROOT), raw);
    }

    public List<Field> fields() {
        return fields;
    }

    /** Fields with this name (case-insensitive), top first. */
    public List<Field> all(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return fields.stream().filter(f -> f.name().equals(lower)).toList();
    }

    public Optional<Field> first(String name) {
        return all(name).stream().findFirst();
    }

    /** Octets of the header section including the blank line (where the body starts). */
    public int length() {
        return length;
    }
}
