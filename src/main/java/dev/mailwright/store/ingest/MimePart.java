package dev.mailwright.store.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of a message's MIME tree with byte offsets into the raw message, so that
 * {@code BODY[1.2]}, {@code BODY[1.2.MIME]} and {@code BODY[2.HEADER]} are served from the blob without
 * re-parsing. Offsets are absolute: {@code [headerStart, bodyStart)} is the part's header including the
 * blank line, {@code [bodyStart, bodyEnd)} its body.
 *
 * @param type       lower-case media type, e.g. {@code text}
 * @param subtype    lower-case subtype, e.g. {@code plain}
 * @param children   sub-parts of a multipart, in order (IMAP part numbers 1..n)
 * @param message    for {@code message/rfc822}: the root part of the embedded message
 */
public record MimePart(String type, String subtype, long headerStart, long bodyStart, long bodyEnd,
                       List<MimePart> children, Optional<MimePart> message) {

    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    public MimePart {
        Objects.requireNonNull(message, "message");
        children = List.copyOf(children);
        if (!token(type) || !token(subtype)) {
            throw new IllegalArgumentException("media type is not a MIME token: " + type + "/" + subtype);
        }
        if (headerStart < 0 || bodyStart < headerStart || bodyEnd < bodyStart) {
            throw new IllegalArgumentException("offsets out of order: " + headerStart + ", " + bodyStart + ", "
                    + bodyEnd);
        }
    }

    public boolean isMultipart() {
        return !children.isEmpty();
    }

    /**
     * The part at an IMAP section path (RFC 3501 §6.4.5), counted from this node as a message: the empty
     * path is the message itself; a non-multipart message's only part is {@code 1}; the parts of a
     * message/rfc822 part are numbered inside the embedded message.
     */
    public Optional<MimePart> section(List<Integer> path) {
        MimePart current = this;
        boolean messageLevel = true;
        for (int n : path) {
            MimePart container = current;
            if (!messageLevel && !current.isMultipart()) {
                if (current.message.isEmpty()) {
                    return Optional.empty();
                }
                container = current.message.get();
            }
            if (container.isMultipart()) {
                if (n < 1 || n > container.children.size()) {
                    return Optional.empty();
                }
                current = container.children.get(n - 1);
            } else if (n == 1) {
                current = container;
            } else {
                return Optional.empty();
            }
            messageLevel = false;
        }
        return Optional.of(current);
    }

    /** A compact text form for a database column, e.g. {@code multipart/mixed;0;80;990(text/plain;...)}. */
    public String encode() {
        StringBuilder out = new StringBuilder(64);
        encode(out);
        return out.toString();
    }

    private void encode(StringBuilder out) {
        out.append(type).append('/').append(subtype).append(';').append(headerStart).append(';')
                .append(bodyStart).append(';').append(bodyEnd);
        if (!children.isEmpty()) {
            out.append('(');
            for (int i = 0; i < children.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                children.get(i).encode(out);
            }
            out.append(')');
        }
        message.ifPresent(m -> {
            out.append('<');
            m.encode(out);
            out.append('>');
        });
    }

    /** The inverse of {@link #encode()}; throws IllegalArgumentException for anything else. */
    public static MimePart decode(String encoded) {
        Decoder d = new Decoder(encoded);
        MimePart part = d.part(0);
        if (d.pos != encoded.length()) {
            throw new IllegalArgumentException("trailing characters at " + d.pos + " in encoded MIME part");
        }
        return part;
    }

    private static final class Decoder {
        private static final int MAX_DEPTH = 200;
        private final String s;
        private int pos;

        Decoder(String s) {
            this.s = s;
        }

        MimePart part(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("encoded MIME part nested too deeply");
            }
            String type = until('/');
            String subtype = until(';');
            long hs = number();
            expect(';');
            long bs = number();
            expect(';');
            long be = number();
            List<MimePart> children = new ArrayList<>();
            if (peek('(')) {
                do {
                    pos++;
                    children.add(part(depth + 1));
                } while (peek(','));
                expect(')');
            }
            Optional<MimePart> message = Optional.empty();
            if (peek('<')) {
                pos++;
                message = Optional.of(part(depth + 1));
                expect('>');
            }
            return new MimePart(type, subtype, hs, bs, be, children, message);
        }

        private boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + pos + " in encoded MIME part");
            }
            pos++;
        }

        private String until(char c) {
            int end = s.indexOf(c, pos);
            if (end < 0) {
                throw new IllegalArgumentException("expected '" + c + "' after " + pos + " in encoded MIME part");
            }
            String out = s.substring(pos, end);
            pos = end + 1;
            return out;
        }

        private long number() {
            int start = pos;
            while (pos < s.length() && pos - start < 18 && Character.isDigit(s.charAt(pos))
                    && s.charAt(pos) < 0x80) {
                pos++;
            }
            if (start == pos) {
                throw new IllegalArgumentException("expected a number at " + start + " in encoded MIME part");
            }
            return Long.parseLong(s, start, pos, 10);
        }
    }

    private static boolean token(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || TSPECIALS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
