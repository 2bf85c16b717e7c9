package dev.mailwright.store.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny reader for the IMAP data that ENVELOPE and BODYSTRUCTURE are made of (RFC 3501 §9): lists,
 * NIL, numbers, quoted strings and literals (whose length counts UTF-8 octets). Used by tests to check
 * that generated strings are well-formed and agree with the part offsets.
 */
final class ImapSexp {
    /** NIL, distinct from the empty string. */
    static final Object NIL = new Object() {
        @Override
        public String toString() {
            return "NIL";
        }
    };

    private final byte[] b;
    private int pos;

    private ImapSexp(byte[] b) {
        this.b = b;
    }

    /** Parses exactly one value covering the whole input; throws IllegalArgumentException otherwise. */
    static Object parse(String s) {
        ImapSexp p = new ImapSexp(s.getBytes(StandardCharsets.UTF_8));
        Object v = p.value();
        if (p.pos != p.b.length) {
            throw new IllegalArgumentException("trailing data at " + p.pos + " in " + s);
        }
        return v;
    }

    private Object value() {
        if (pos >= b.length) {
            throw new IllegalArgumentException("unexpected end");
        }
        byte c = b[pos];
        if (c == '(') {
            pos++;
            List<Object> list = new ArrayList<>();
            while (true) {
                if (pos >= b.length) {
                    throw new IllegalArgumentException("unclosed list");
                }
                if (b[pos] == ')') {
                    pos++;
                    return list;
                }
                if (!list.isEmpty()) {
                    if (b[pos] == ' ') {
                        pos++;
                    } else if (!(list.getLast() instanceof List<?> && b[pos] == '(')) {
                        throw new IllegalArgumentException("missing space at " + pos);
                    }
                }
                list.add(value());
            }
        }
        if (c == '"') {
            return quoted();
        }
        if (c == '{') {
            return literal();
        }
        if (c == 'N' && pos + 3 <= b.length && b[pos + 1] == 'I' && b[pos + 2] == 'L') {
            pos += 3;
            return NIL;
        }
        if (c >= '0' && c <= '9') {
            long n = 0;
            while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
                n = n * 10 + (b[pos++] - '0');
            }
            return n;
        }
        throw new IllegalArgumentException("unexpected byte " + c + " at " + pos);
    }

    private String quoted() {
        pos++;
        int start = pos;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        while (true) {
            if (pos >= b.length) {
                throw new IllegalArgumentException("unterminated quoted string at " + start);
            }
            byte c = b[pos++];
            if (c == '"') {
                break;
            }
            if (c == '\r' || c == '\n' || c == 0 || c < 0) {
                throw new IllegalArgumentException("byte " + c + " not allowed in a quoted string at " + pos);
            }
            if (c == '\\') {
                byte e = b[pos++];
                if (e != '"' && e != '\\') {
                    throw new IllegalArgumentException("bad escape at " + pos);
                }
                c = e;
            }
            bytes.write(c);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private String literal() {
        int close = pos;
        while (close < b.length && b[close] != '}') {
            close++;
        }
        int n = Integer.parseInt(new String(b, pos + 1, close - pos - 1, StandardCharsets.US_ASCII));
        if (close + 2 >= b.length || b[close + 1] != '\r' || b[close + 2] != '\n') {
            throw new IllegalArgumentException("literal without CRLF at " + close);
        }
        int start = close + 3;
        if (start + n > b.length) {
            throw new IllegalArgumentException("literal longer than the data at " + start);
        }
        for (int i = start; i < start + n; i++) {
            if (b[i] == 0) {
                throw new IllegalArgumentException("NUL in literal at " + i);
            }
        }
        pos = start + n;
        return new String(b, start, n, StandardCharsets.UTF_8);
    }
}
