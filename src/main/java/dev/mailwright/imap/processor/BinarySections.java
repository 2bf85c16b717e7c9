package dev.mailwright.imap.processor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

import dev.mailwright.imap.command.FetchItem;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.ImapResponse.BodySource;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.RangeInputStream;
import dev.mailwright.store.ingest.MimePart;

/**
 * {@code BINARY[part]<partial>} and {@code BINARY.SIZE[part]} (RFC 3516): a leaf part's body after its
 * Content-Transfer-Encoding is undone (base64, quoted-printable; 7bit, 8bit and binary are the bytes as they
 * are). Everything streams: one decoding pass measures the size and looks for NUL (which makes the answer a
 * literal8), a second pass writes the data, so memory does not grow with the part. {@code BINARY[]}, multiparts
 * and message/rfc822 parts are sent as stored (RFC 2045 §6.4 allows them no other encoding). An encoding we
 * cannot undo is {@code NO [UNKNOWN-CTE]} (RFC 3516 §4.3).
 */
final class BinarySections {
    /** A part's MIME header beyond this is not searched for Content-Transfer-Encoding. */
    private static final int MAX_PART_HEADER = 64 * 1024;
    private static final int CHUNK = 64 * 1024;

    private final BodySections sections;

    BinarySections(BodySections sections) {
        this.sections = sections;
    }

    enum Encoding { IDENTITY, BASE64, QUOTED_PRINTABLE }

    ImapResponse.FetchValue binary(MessageMeta meta, FetchItem.Binary item) throws IOException {
        String name = "BINARY[" + path(item.part()) + "]" + item.partial().map(p -> "<" + p.offset() + ">").orElse("");
        Optional<Decoded> decoded = decoded(meta, item.part());
        if (decoded.isEmpty()) {
            return new ImapResponse.BinaryValue(name, Optional.empty(), ImapResponse.LiteralForm.LITERAL);
        }
        Decoded d = decoded.get();
        long offset = item.partial().map(FetchItem.Partial::offset).orElse(0L);
        long count = item.partial().map(FetchItem.Partial::count).orElse(Long.MAX_VALUE);
        Measure measure = measure(d, offset, count);
        long from = Math.min(offset, measure.length());
        long length = Math.min(count, measure.length() - from);
        BodySource slice = new BodySource() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() throws IOException {
                return RangeInputStream.slice(d.open(), from, length);
            }
        };
        return new ImapResponse.BinaryValue(name, Optional.of(slice),
                measure.nulInRange() ? ImapResponse.LiteralForm.LITERAL8 : ImapResponse.LiteralForm.LITERAL);
    }

    /** RFC 3516 §4.2: the decoded size; a part that does not exist has size 0 (there is no NIL for a number). */
    ImapResponse.FetchValue size(MessageMeta meta, FetchItem.BinarySize item) throws IOException {
        String name = "BINARY.SIZE[" + path(item.part()) + "]";
        Optional<Decoded> decoded = decoded(meta, item.part());
        long size = decoded.isEmpty() ? 0 : decoded.get().encoding() == Encoding.IDENTITY
                ? decoded.get().raw().length() : measure(decoded.get(), 0, 0).length();
        return new ImapResponse.NumberValue(name, size);
    }

    private static String path(List<Integer> part) {
        return part.stream().map(String::valueOf).collect(Collectors.joining("."));
    }

    /** The part's raw body and how to decode it; empty when the message has no such part. */
    private Optional<Decoded> decoded(MessageMeta meta, List<Integer> path) {
        MimePart root = MimePart.decode(meta.partTree());
        Optional<MimePart> found = root.section(path);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (path.isEmpty()) {
            return Optional.of(new Decoded(sections.range(meta, 0, meta.size()), Encoding.IDENTITY));
        }
        MimePart part = found.get();
        BodySource body = sections.range(meta, part.bodyStart(), part.bodyEnd());
        if (part.isMultipart() || part.message().isPresent()) {
            return Optional.of(new Decoded(body, Encoding.IDENTITY));
        }
        String cte = transferEncoding(sections.range(meta, part.headerStart(),
                Math.min(part.bodyStart(), part.headerStart() + MAX_PART_HEADER)));
        Encoding encoding = switch (cte) {
            case "", "7bit", "8bit", "binary" -> Encoding.IDENTITY;
            case "base64" -> Encoding.BASE64;
            case "quoted-printable" -> Encoding.QUOTED_PRINTABLE;
            default -> throw ImapException.no("UNKNOWN-CTE", "Cannot decode the content-transfer-encoding of part "
                    + path(path));
        };
        return Optional.of(new Decoded(body, encoding));
    }

    /** The value of Content-Transfer-Encoding in a header, lower case, without comments; empty when absent. */
    static String transferEncoding(BodySource header) {
        String text;
        try (InputStream in = header.open()) {
            text = new String(in.readNBytes(MAX_PART_HEADER), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return transferEncoding(text);
    }

    static String transferEncoding(String header) {
        String unfolded = header.replace("\r\n ", " ").replace("\r\n\t", " ");
        String value = null;
        for (String line : unfolded.split("\r\n", -1)) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Transfer-Encoding")) {
                value = line.substring(colon + 1);
                break;
            }
        }
        if (value == null) {
            return "";
        }
        StringBuilder token = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < value.length(); i++) {   // RFC 2045 allows comments around the token
            char c = value.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0 && c != '"' && !Character.isWhitespace(c)) {
                token.append(c);
            }
        }
        return token.toString().toLowerCase(Locale.ROOT);
    }

    record Decoded(BodySource raw, Encoding encoding) {
        InputStream open() throws IOException {
            InputStream in = raw.open();
            return switch (encoding) {
                case IDENTITY -> in;
                case BASE64 -> new Base64InputStream(in, DecodeMonitor.SILENT);
                case QUOTED_PRINTABLE -> new QuotedPrintableInputStream(in, DecodeMonitor.SILENT);
            };
        }
    }

    /** The decoded length, and whether bytes {@code [offset, offset + count)} contain NUL. */
    record Measure(long length, boolean nulInRange) {
    }

    private static Measure measure(Decoded decoded, long offset, long count) throws IOException {
        long end = count > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + count;
        long position = 0;
        boolean nul = false;
        byte[] buf = new byte[CHUNK];
        try (InputStream in = decoded.open()) {
            int r;
            while ((r = in.read(buf)) > 0) {
                if (!nul && position < end && position + r > offset) {
                    int from = (int) Math.max(0, offset - position);
                    int to = (int) Math.min(r, end - position);
                    for (int i = from; i < to; i++) {
                        if (buf[i] == 0) {
                            nul = true;
                            break;
                        }
                    }
                }
                position += r;
            }
        }
        return new Measure(position, nul);
    }
}
