package dev.mailwright.store.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads back the ENVELOPE string {@link StructureWriter} wrote (RFC 3501 §7.4.2): quoted strings, literals whose
 * length counts UTF-8 octets, NIL, and address lists. Only what sort keys need: From, To and Cc. Never throws on a
 * damaged value; what cannot be read is absent. A single forward pass, no recursion.
 */
final class EnvelopeReader {
    /** One address structure: name, mailbox and host as written (NIL is empty). */
    record Address(Optional<String> name, Optional<String> mailbox, Optional<String> host) {
    }

    record Addresses(List<Address> from, List<Address> to, List<Address> cc) {
    }

    private final String text;
    private int pos;

    private EnvelopeReader(String text) {
        this.text = text;
    }

    static Addresses read(String envelope) {
        EnvelopeReader r = new EnvelopeReader(envelope == null ? "" : envelope);
        try {
            r.expect('(');
            r.nstring();   // date
            r.nstring();   // subject
            List<Address> from = r.addresses();
            r.addresses();   // sender
            r.addresses();   // reply-to
            List<Address> to = r.addresses();
            List<Address> cc = r.addresses();
            return new Addresses(from, to, cc);
        } catch (IllegalArgumentException damaged) {
            return new Addresses(List.of(), List.of(), List.of());
        }
    }

    private List<Address> addresses() {
        skipBlanks();
        if (text.startsWith("NIL", pos)) {
            pos += 3;
            return List.of();
        }
        expect('(');
        List<Address> out = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (pos < text.length() && text.charAt(pos) == ')') {
                pos++;
                return out;
            }
            expect('(');
            Optional<String> name = nstring();
            nstring();   // adl
            Optional<String> mailbox = nstring();
            Optional<String> host = nstring();
            skipBlanks();
            expect(')');
            out.add(new Address(name, mailbox, host));
        }
    }

    private Optional<String> nstring() {
        skipBlanks();
        if (pos >= text.length()) {
            throw new IllegalArgumentException("envelope ends early");
        }
        char c = text.charAt(pos);
        if (c == '"') {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (pos < text.length() && text.charAt(pos) != '"') {
                if (text.charAt(pos) == '\\' && pos + 1 < text.length()) {
                    pos++;
                }
                sb.append(text.charAt(pos++));
            }
            expect('"');
            return Optional.of(sb.toString());
        }
        if (c == '{') {
            int close = text.indexOf('}', pos);
            if (close < 0 || close - pos > 12) {
                throw new IllegalArgumentException("bad literal");
            }
            long octets = Long.parseLong(text.substring(pos + 1, close));
            pos = close + 1;
            expect('\r');
            expect('\n');
            int from = pos;
            long counted = 0;
            while (counted < octets && pos < text.length()) {
                int cp = text.codePointAt(pos);
                counted += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                pos += Character.charCount(cp);
            }
            return Optional.of(text.substring(from, pos));
        }
        if (text.startsWith("NIL", pos)) {
            pos += 3;
            return Optional.empty();
        }
        throw new IllegalArgumentException("not a string");
    }

    private void skipBlanks() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    private void expect(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw new IllegalArgumentException("expected " + c);
        }
        pos++;
    }
}
