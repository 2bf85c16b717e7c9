package dev.mailwright.store.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The header fields of one entity that ingest cares about, first occurrence of each, unfolded and
 * otherwise as sent. Raw 8-bit bytes are read as UTF-8 when valid, else as ISO-8859-1.
 */
final class HeaderBlock {
    static final int FIELD_CAP = 64 * 1024;

    private static final Set<String> PART_FIELDS = Set.of("content-type", "content-transfer-encoding",
            "content-id", "content-description", "content-disposition", "content-language",
            "content-location", "content-md5");
    private static final Set<String> MESSAGE_FIELDS = Set.of("date", "subject", "from", "sender", "reply-to",
            "to", "cc", "bcc", "in-reply-to", "message-id", "references");

    private final boolean messageLevel;
    private final Map<String, String> fields = new HashMap<>();
    private ByteArrayOutputStream current;
    private String currentName;
    private boolean sawField;

    HeaderBlock(Entity.Level level) {
        this.messageLevel = level == Entity.Level.MESSAGE;
    }

    Optional<String> get(String lowerName) {
        return Optional.ofNullable(fields.get(lowerName));
    }

    /**
     * Offers one header line (terminator excluded). Returns false when the entity turns out to have no
     * header at all (its first line is neither a field nor a continuation): the body starts there.
     */
    boolean line(byte[] b, int len) {
        if (len > 0 && (b[0] == ' ' || b[0] == '\t')) {
            if (!sawField) {
                return false;
            }
            append(b, 0, len);
            return true;
        }
        int colon = -1;
        for (int i = 0; i < len; i++) {
            int c = b[i] & 0xff;
            if (c == ':') {
                colon = i;
                break;
            }
            if (c < 33 || c > 126) {
                break;
            }
        }
        int nameEnd = colon;
        while (nameEnd > 0 && (b[nameEnd - 1] == ' ' || b[nameEnd - 1] == '\t')) {
            nameEnd--;
        }
        if (colon < 0 || nameEnd == 0 || !printable(b, nameEnd)) {
            if (!sawField) {
                return false;
            }
            // a stray line inside a header is skipped, as lenient parsers do; the header goes on
            finish();
            current = new ByteArrayOutputStream(0);
            return true;
        }
        finish();
        sawField = true;
        String name = new String(b, 0, nameEnd, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        boolean wanted = PART_FIELDS.contains(name) || (messageLevel && MESSAGE_FIELDS.contains(name));
        if (wanted && !fields.containsKey(name)) {
            currentName = name;
            current = new ByteArrayOutputStream(Math.min(256, len));
            append(b, colon + 1, len - colon - 1);
        } else {
            currentName = null;
            current = new ByteArrayOutputStream(0);
        }
        return true;
    }

    /** Ends the header: the last field is stored. */
    void finish() {
        if (currentName != null) {
            fields.put(currentName, trimWhiteSpace(text(current.toByteArray())));
        }
        currentName = null;
        current = null;
    }

    private void append(byte[] b, int off, int len) {
        if (currentName == null) {
            return;
        }
        int n = Math.min(len, FIELD_CAP - current.size());
        if (n > 0) {
            current.write(b, off, n);
        }
    }

    /** Trims SP, HTAB, CR and LF only: other characters, even Unicode spaces, are part of the value. */
    static String trimWhiteSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && wsp(s.charAt(start))) {
            start++;
        }
        while (end > start && wsp(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean wsp(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean printable(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            int c = b[i] & 0xff;
            if (c < 33 || c > 126) {
                return false;
            }
        }
        return true;
    }

    static String text(byte[] bytes) {
        boolean ascii = true;
        for (byte x : bytes) {
            if (x < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
