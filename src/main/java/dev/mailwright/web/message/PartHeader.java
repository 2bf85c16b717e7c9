package dev.mailwright.web.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.field.ContentDispositionField;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/**
 * The header of one MIME part (or of the message), read from its byte range in the blob and parsed
 * leniently with mime4j: broken headers give defaults, never exceptions.
 */
public record PartHeader(List<Field> fields) {

    public record Field(String name, String value) {
    }

    public static PartHeader parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<Field> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text.split("\r?\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append(' ').append(line.strip());
                continue;
            }
            add(fields, current);
            current = line.isEmpty() ? null : new StringBuilder(line);
        }
        add(fields, current);
        return new PartHeader(List.copyOf(fields));
    }

    private static void add(List<Field> fields, StringBuilder raw) {
        if (raw == null) {
            return;
        }
        int colon = raw.indexOf(":");
        if (colon > 0) {
            fields.add(new Field(raw.substring(0, colon).strip(), raw.substring(colon + 1).strip()));
        }
    }

    public Optional<String> raw(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).findFirst();
    }

    /** The value with RFC 2047 encoded words decoded. */
    public Optional<String> text(String name) {
        return raw(name).map(v -> DecoderUtil.decodeEncodedWords(v, DecodeMonitor.SILENT));
    }

    public List<Mailbox> addresses(String name) {
        List<Mailbox> out = new ArrayList<>();
        fields.stream().filter(f -> f.name().equalsIgnoreCase(name))
                .forEach(f -> out.addAll(LenientAddressParser.DEFAULT.parseAddressList(f.value()).flatten()));
        return out;
    }

    public String mimeType() {
        return contentType().map(ContentTypeField::getMimeType).map(t -> t.toLowerCase(Locale.ROOT)).orElse("text/plain");
    }

    public Optional<String> charset() {
        return contentType().map(ContentTypeField::getCharset).filter(c -> !c.isBlank());
    }

    public String transferEncoding() {
        return raw("Content-Transfer-Encoding").map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("7bit");
    }

    public boolean isAttachmentDisposition() {
        return disposition().map(ContentDispositionField::isAttachment).orElse(false);
    }

    public Optional<String> filename() {
        Optional<String> name = disposition().map(ContentDispositionField::getFilename)
                .or(() -> contentType().map(t -> t.getParameter("name")));
        return name.filter(n -> !n.isBlank()).map(n -> DecoderUtil.decodeEncodedWords(n, DecodeMonitor.SILENT));
    }

    /** Content-ID without angle brackets. */
    public Optional<String> contentId() {
        return raw("Content-ID").map(v -> v.strip()).map(v -> v.startsWith("<") && v.endsWith(">") ? v.substring(1, v.length() - 1) : v)
                .filter(v -> !v.isBlank());
    }

    private Optional<ContentTypeField> contentType() {
        return parsed("Content-Type").filter(ContentTypeField.class::isInstance).map(ContentTypeField.class::cast)
                .filter(f -> f.getMimeType() != null);
    }

    private Optional<ContentDispositionField> disposition() {
        return parsed("Content-Disposition").filter(ContentDispositionField.class::isInstance)
                .map(ContentDispositionField.class::cast);
    }

    private Optional<ParsedField> parsed(String name) {
        return raw(name).flatMap(value -> {
            try {
                return Optional.of(LenientFieldParser.parse(name + ": " + value, DecodeMonitor.SILENT));
            } catch (MimeException e) {
                return Optional.empty();   // a lenient parse failed: treat the field as absent
            }
        });
    }
}
