package dev.mailwright.imap.processor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.mailwright.imap.command.FetchItem;
import dev.mailwright.imap.command.FetchItem.SectionText;
import dev.mailwright.imap.wire.ImapResponse.BodySource;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.RangeInputStream;
import dev.mailwright.store.ingest.MimePart;

/**
 * Finds the bytes of {@code BODY[section]<partial>} in a stored message using the MIME offsets kept at
 * ingest (RFC 3501 §6.4.5), and streams them from the blob. Only HEADER.FIELDS reads a header into memory.
 */
final class BodySections {
    private static final int MAX_HEADER = 1024 * 1024;

    private final MailStore store;

    BodySections(MailStore store) {
        this.store = store;
    }

    /** Empty when the section does not exist in this message (answered as NIL). */
    Optional<BodySource> section(MessageMeta meta, FetchItem.Section section) throws IOException {
        MimePart root = MimePart.decode(meta.partTree());   // the store's column format
        Optional<MimePart> found = root.section(section.part());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MimePart part = found.get();
        boolean topLevel = section.part().isEmpty();
        Optional<BodySource> whole = switch (section.text()) {
            case WHOLE -> Optional.of(topLevel ? range(meta, 0, meta.size()) : range(meta, part.bodyStart(), part.bodyEnd()));
            case MIME -> Optional.of(range(meta, part.headerStart(), part.bodyStart()));
            case HEADER, TEXT, HEADER_FIELDS, HEADER_FIELDS_NOT -> {
                Optional<MimePart> message = topLevel ? Optional.of(root) : part.message();
                if (message.isEmpty()) {
                    yield Optional.empty();
                }
                MimePart m = message.get();
                yield Optional.of(switch (section.text()) {
                    case TEXT -> range(meta, m.bodyStart(), m.bodyEnd());
                    case HEADER -> range(meta, m.headerStart(), m.bodyStart());
                    default -> filteredHeader(meta, m, section);
                });
            }
        };
        return whole.map(source -> section.partial().map(p -> partial(source, p)).orElse(source));
    }

    BodySource range(MessageMeta meta, long start, long end) {
        long from = Math.min(Math.max(0, start), meta.size());
        long to = Math.min(Math.max(from, end), meta.size());
        return new BodySource() {
            @Override
            public long length() {
                return to - from;
            }

            @Override
            public InputStream open() throws IOException {
                return store.openMessageRange(meta, from, to);
            }
        };
    }

    private BodySource filteredHeader(MessageMeta meta, MimePart message, FetchItem.Section section) {
        long length = Math.min(message.bodyStart() - message.headerStart(), MAX_HEADER);
        BodySource header = range(meta, message.headerStart(), message.headerStart() + length);
        Set<String> names = section.fields().stream().map(f -> f.toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
        boolean include = section.text() == SectionText.HEADER_FIELDS;
        byte[] filtered;
        try (InputStream in = header.open()) {
            filtered = filter(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), names, include);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes(filtered);
    }

    /** Keeps (or drops) the named fields, unfolded lines kept as they are, and ends with the blank line. */
    static byte[] filter(String header, Set<String> names, boolean include) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean keep = false;
        for (String line : header.split("\r\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) != ' ' && line.charAt(0) != '\t') {
                int colon = line.indexOf(':');
                String name = (colon < 0 ? line : line.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
                keep = names.contains(name) == include;
            }
            if (keep) {
                out.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    static BodySource bytes(byte[] data) {
        return new BodySource() {
            @Override
            public long length() {
                return data.length;
            }

            @Override
            public InputStream open() {
                return new java.io.ByteArrayInputStream(data);
            }
        };
    }

    private static BodySource partial(BodySource source, FetchItem.Partial partial) {
        long from = Math.min(partial.offset(), source.length());
        long length = Math.min(partial.count(), source.length() - from);
        return new BodySource() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() throws IOException {
                return RangeInputStream.slice(source.open(), from, length);
            }
        };
    }

    static String sectionName(FetchItem.Section section) {
        StringBuilder sb = new StringBuilder("BODY[");
        sb.append(section.part().stream().map(String::valueOf).collect(Collectors.joining(".")));
        String text = switch (section.text()) {
            case WHOLE -> "";
            case HEADER -> "HEADER";
            case HEADER_FIELDS -> "HEADER.FIELDS";
            case HEADER_FIELDS_NOT -> "HEADER.FIELDS.NOT";
            case TEXT -> "TEXT";
            case MIME -> "MIME";
        };
        if (!text.isEmpty()) {
            sb.append(section.part().isEmpty() ? "" : ".").append(text);
        }
        if (!section.fields().isEmpty()) {
            sb.append(" (").append(section.fields().stream().map(BodySections::fieldName).collect(Collectors.joining(" "))).append(')');
        }
        sb.append(']');
        section.partial().ifPresent(p -> sb.append('<').append(p.offset()).append('>'));
        return sb.toString();
    }

    private static String fieldName(String name) {
        return dev.mailwright.imap.wire.ImapEncoder.astringSyntax(name);
    }
}
