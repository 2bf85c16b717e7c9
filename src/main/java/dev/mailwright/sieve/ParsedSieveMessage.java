package dev.mailwright.sieve;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import java.io.Reader;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.field.address.ParseException;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * A message as a script sees it, read from its raw bytes: header fields unfolded and decoded, the raw body, and
 * the text of its text parts. Body texts are cut at {@link #MAX_BODY_CHARS} and MIME nesting at
 * {@link #MAX_DEPTH}: a body test never costs more than that, whatever arrives.
 */
public final class ParsedSieveMessage implements SieveMessage {
    static final int MAX_BODY_CHARS = 1024 * 1024;
    /** How much of a message a script can see: a generous header plus the body a body test reads. */
    public static final int MAX_READ = 2 * MAX_BODY_CHARS;
    private static final int MAX_DEPTH = 10;
    private static final MimeConfig LIMITS = MimeConfig.custom().setMaxHeaderCount(2_000).setMaxLineLen(-1)
            .setMaxHeaderLen(64 * 1024).build();

    private final byte[] raw;
    private final long size;
    /** Every field of the header as received (folding and line ends kept), malformed lines included. */
    private final List<RawField> rawFields;
    private final List<HeaderField> fields;
    private final String envelopeFrom;
    private final String envelopeTo;
    private final Optional<SieveRatings> ratings;
    private String bodyText;

    /** One field as it arrived; {@code name} and {@code value} null for a line that is no field. */
    private record RawField(String text, String name, String value) {
    }

    private ParsedSieveMessage(byte[] raw, long size, List<RawField> rawFields, String envelopeFrom, String envelopeTo,
                               Optional<SieveRatings> ratings) {
        this.raw = raw;
        this.size = size;
        this.rawFields = rawFields;
        List<HeaderField> named = new ArrayList<>();
        for (int i = 0; i < rawFields.size(); i++) {
            if (rawFields.get(i).name() != null) {
                named.add(new HeaderField(rawFields.get(i).name(), rawFields.get(i).value(), i));
            }
        }
        this.fields = List.copyOf(named);
        this.envelopeFrom = envelopeFrom;
        this.envelopeTo = envelopeTo;
        this.ratings = ratings;
    }

    public static ParsedSieveMessage of(byte[] raw, String envelopeFrom, String envelopeTo, Optional<SieveRatings> ratings) {
        return of(raw, raw.length, envelopeFrom, envelopeTo, ratings);
    }

    /**
     * {@code start}: the message's first bytes (at most {@link #MAX_READ} are needed: header and as much body as
     * a body test looks at); {@code size}: the whole message's.
     */
    public static ParsedSieveMessage of(byte[] start, long size, String envelopeFrom, String envelopeTo, Optional<SieveRatings> ratings) {
        return new ParsedSieveMessage(start, size, headerFields(start), envelopeFrom, envelopeTo, ratings);
    }

    /** Each header field with its raw text, in order; name and unfolded, decoded value for the well-formed ones. */
    private static List<RawField> headerFields(byte[] raw) {
        String head = new String(raw, 0, headerEnd(raw), StandardCharsets.ISO_8859_1);
        List<RawField> result = new ArrayList<>();
        int start = 0;
        int fieldStart = -1;
        while (start < head.length()) {
            int newline = head.indexOf('\n', start);
            int end = newline < 0 ? head.length() : newline + 1;
            char first = head.charAt(start);
            boolean continuation = first == ' ' || first == '\t';
            if (!continuation || fieldStart < 0) {
                if (fieldStart >= 0) {
                    result.add(field(head.substring(fieldStart, start)));
                }
                fieldStart = start;
            }
            start = end;
        }
        if (fieldStart >= 0 && fieldStart < head.length()) {
            result.add(field(head.substring(fieldStart)));
        }
        return result;
    }

    private static RawField field(String text) {
        String unfolded = text.replace("\r", "").replace("\n", "");
        int colon = unfolded.indexOf(':');
        if (colon <= 0) {
            return new RawField(text, null, null);
        }
        String name = unfolded.substring(0, colon).trim();
        String value = DecoderUtil.decodeEncodedWords(
                new String(unfolded.substring(colon + 1).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).trim(),
                DecodeMonitor.SILENT);
        return new RawField(text, name, value);
    }

    /**
     * Writes the message with {@code edits}' header instead of the received one: {@code original} is the whole
     * message from its first byte. False (nothing written) when the received header did not end within the bytes
     * this object saw, so it cannot be replaced safely.
     */
    public boolean writeEdited(HeaderEdits edits, InputStream original, OutputStream out) throws IOException {
        int end = headerEnd(raw);
        if (end >= raw.length && raw.length < size) {
            return false;
        }
        StringBuilder header = new StringBuilder();
        for (HeaderEdits.Field field : edits.fields()) {
            switch (field) {
                case HeaderEdits.Original original1 -> {
                    String text = rawFields.get(original1.index()).text();
                    header.append(text.endsWith("\n") ? text : text + "\r\n");
                }
                case HeaderEdits.Added added -> header.append(added.name()).append(": ").append(added.value()).append("\r\n");
            }
        }
        out.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        original.skipNBytes(end);
        original.transferTo(out);
        return true;
    }

    private static int headerEnd(byte[] raw) {
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == '\n' && raw[i + 1] == '\n') {
                return i + 1;
            }
            if (raw[i] == '\n' && raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n') {
                return i + 1;
            }
        }
        return raw.length;
    }

    /** The same message for another recipient of the same delivery (parsed once). */
    public ParsedSieveMessage forRecipient(String recipient) {
        ParsedSieveMessage copy = new ParsedSieveMessage(raw, size, rawFields, envelopeFrom, recipient, ratings);
        copy.bodyText = bodyText;
        return copy;
    }

    @Override
    public List<String> header(String name) {
        List<String> values = new ArrayList<>();
        for (HeaderField field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                values.add(field.value());
            }
        }
        return values;
    }

    @Override
    public List<HeaderField> fields() {
        return fields;
    }

    /**
     * The addresses of one address-list header value (groups flattened, comments dropped by the MIME parser); a
     * value that is no address list gives itself, trimmed. Looks at the first 8 KB only.
     */
    public static List<String> addresses(String value) {
        List<String> result = new ArrayList<>();
        try {
            for (Mailbox mailbox : DefaultAddressParser.DEFAULT.parseAddressList(value.length() > 8192 ? value.substring(0, 8192) : value).flatten()) {
                result.add(mailbox.getAddress());
            }
        } catch (ParseException | RuntimeException e) {
            result.add(value.trim());
        }
        return result;
    }

    @Override
    public String envelopeFrom() {
        return envelopeFrom;
    }

    @Override
    public String envelopeTo() {
        return envelopeTo;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String bodyRaw() {
        int start = headerEnd(raw);
        while (start < raw.length && (raw[start] == '\r' || raw[start] == '\n')) {
            start++;
        }
        int end = Math.min(raw.length, start + MAX_BODY_CHARS);
        return new String(raw, start, end - start, StandardCharsets.UTF_8);
    }

    @Override
    public String bodyText() {
        if (bodyText == null) {
            StringBuilder text = new StringBuilder();
            try {
                DefaultMessageBuilder builder = new DefaultMessageBuilder();
                builder.setMimeEntityConfig(LIMITS);
                builder.setDecodeMonitor(DecodeMonitor.SILENT);
                Message message = builder.parseMessage(new ByteArrayInputStream(raw));
                collectText(message, text, 0);
            } catch (IOException | RuntimeException e) {
                text.append(bodyRaw());
            }
            bodyText = text.length() > MAX_BODY_CHARS ? text.substring(0, MAX_BODY_CHARS) : text.toString();
        }
        return bodyText;
    }

    private static void collectText(Entity entity, StringBuilder text, int depth) throws IOException {
        if (depth > MAX_DEPTH || text.length() >= MAX_BODY_CHARS) {
            return;
        }
        Body body = entity.getBody();
        if (body instanceof Multipart multipart) {
            for (Entity part : multipart.getBodyParts()) {
                collectText(part, text, depth + 1);
            }
        } else if (body instanceof Message message) {
            collectText(message, text, depth + 1);
        } else if (body instanceof TextBody textBody) {
            try (Reader reader = textBody.getReader()) {
                char[] buffer = new char[8192];
                int n;
                while (text.length() < MAX_BODY_CHARS && (n = reader.read(buffer, 0, Math.min(buffer.length, MAX_BODY_CHARS - text.length()))) > 0) {
                    text.append(buffer, 0, n);
                }
            }
            text.append("\r\n");
        }
    }

    @Override
    public Optional<SieveRatings> ratings() {
        return ratings;
    }
}
