package dev.mailwright.imap.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mailwright.imap.wire.FramePart;
import dev.mailwright.imap.wire.ImapChars;
import dev.mailwright.imap.wire.LiteralData;

/** A cursor over one framed command: the tokens of RFC 3501 §9, literals included. */
final class CommandReader {
    private final List<FramePart> parts;
    private int partIndex;
    private String line;
    private int pos;
    private String tag = "*";

    CommandReader(List<FramePart> parts) {
        this.parts = parts;
        this.line = parts.isEmpty() ? "" : ((FramePart.Line) parts.getFirst()).text();
    }

    void tag(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }

    DecodeException error(String message) {
        return new DecodeException(tag, message);
    }

    /** A command that parses but names something that cannot exist: answered {@code NO}, not {@code BAD}. */
    DecodeException refusal(String message) {
        return DecodeException.refusal(tag, message);
    }

    boolean atEnd() {
        return pos >= line.length() && partIndex >= parts.size() - 1;
    }

    void end() {
        if (!atEnd()) {
            throw error("Unexpected characters at end of command");
        }
    }

    char peek() {
        return pos < line.length() ? line.charAt(pos) : 0;
    }

    /** The character {@code ahead} positions after the current one on this line, or 0. */
    char peekAt(int ahead) {
        return pos + ahead < line.length() ? line.charAt(pos + ahead) : 0;
    }

    boolean peekIs(char c) {
        return peek() == c;
    }

    /** Whether the unread rest of the line starts with {@code text} (a lookahead of a fixed few characters). */
    boolean peekText(String text) {
        return line.startsWith(text, pos);
    }

    void expect(char c) {
        if (peek() != c) {
            throw error("Expected '" + c + "'");
        }
        pos++;
    }

    boolean tryChar(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    void sp() {
        if (!tryChar(' ')) {
            throw error("Expected a space");
        }
    }

    /** A space followed by more, or the end of the command. */
    boolean more() {
        if (atEnd()) {
            return false;
        }
        sp();
        return true;
    }

    /** Atom characters; {@code extra} are specials also accepted here (e.g. {@code ]} in ASTRING-CHAR). */
    String atom(String extra) {
        int start = pos;
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (!(ImapChars.isAtomChar(c) || extra.indexOf(c) >= 0)) {
                break;
            }
            pos++;
        }
        if (start == pos) {
            throw error("Expected an atom");
        }
        return line.substring(start, pos);
    }

    String atom() {
        return atom("");
    }

    /** An atom that ends before {@code stop} (a FETCH item name before its {@code [section]}). */
    String atomBefore(char stop) {
        int start = pos;
        while (pos < line.length() && line.charAt(pos) != stop && ImapChars.isAtomChar(line.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("Expected an atom");
        }
        return line.substring(start, pos);
    }

    String keyword() {
        return atom().toUpperCase(Locale.ROOT);
    }

    /** An atom may begin with {@code ~}: literal8 ({@code ~{n}}) belongs to BINARY and APPEND UTF8 only (RFC 3516, RFC 6855). */
    String astring() {
        return switch (peek()) {
            case '"' -> quoted();
            case '{' -> literalText();
            default -> atom("]");
        };
    }

    String string() {
        return switch (peek()) {
            case '"' -> quoted();
            case '{' -> literalText();
            default -> throw error("Expected a string");
        };
    }

    Optional<String> nstring() {
        if (peekWord("NIL")) {
            pos += 3;
            return Optional.empty();
        }
        return Optional.of(string());
    }

    boolean peekWord(String word) {
        if (!line.regionMatches(true, pos, word, 0, word.length())) {
            return false;
        }
        int after = pos + word.length();
        return after >= line.length() || !ImapChars.isAtomChar(line.charAt(after));
    }

    /** list-mailbox: atom characters plus the wildcards, or a string. */
    String listMailbox() {
        return switch (peek()) {
            case '"' -> quoted();
            case '{' -> literalText();
            default -> atom("%*]");
        };
    }

    String quoted() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= line.length()) {
                throw error("Unterminated quoted string");
            }
            char c = line.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos >= line.length()) {
                    throw error("Unterminated quoted string");
                }
                char q = line.charAt(pos++);
                if (q != '"' && q != '\\') {
                    throw error("Bad escape in quoted string");
                }
                c = q;
            }
            sb.append(c);
        }
    }

    /** A literal read as a string: only one held in memory (the framer spools only APPEND's large literals). */
    private String literalText() {
        return switch (literal()) {
            case LiteralData.InMemory inMemory -> inMemory.text();
            case LiteralData.Spooled spooled -> throw error("Literal too large for a string");
        };
    }

    LiteralData literal() {
        tryChar('~');
        expect('{');
        int close = line.indexOf('}', pos);
        if (close < 0 || close != line.length() - 1) {
            throw error("A literal must end the line");
        }
        String size = line.substring(pos, close);
        if (size.endsWith("+")) {
            size = size.substring(0, size.length() - 1);
        }
        if (size.isEmpty() || !size.chars().allMatch(Character::isDigit)) {
            throw error("Bad literal size");
        }
        if (partIndex + 1 >= parts.size() || !(parts.get(partIndex + 1) instanceof FramePart.Literal lit)) {
            throw error("Missing literal data");
        }
        partIndex += 2;
        line = partIndex < parts.size() ? ((FramePart.Line) parts.get(partIndex)).text() : "";
        pos = 0;
        return lit.data();
    }

    long number() {
        int start = pos;
        while (pos < line.length() && Character.isDigit(line.charAt(pos))) {
            pos++;
        }
        if (start == pos || pos - start > 19) {
            throw error("Expected a number");
        }
        try {
            return Long.parseLong(line.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("Number out of range");
        }
    }

    long nzNumber() {
        long n = number();
        if (n == 0) {
            throw error("Zero is not allowed here");
        }
        return n;
    }

    /** A sequence set, or {@code $} for the saved search result (RFC 5182 §3: {@code $} stands alone, never in a list). */
    NumSet numSet(NumSet.Form form) {
        if (tryChar('$')) {
            return new NumSet.SavedResult(form);
        }
        List<NumSet.Range> ranges = sequenceSet();
        return switch (form) {
            case SEQUENCE -> new NumSet.Sequence(ranges);
            case UID -> new NumSet.Uids(ranges);
        };
    }

    List<NumSet.Range> sequenceSet() {
        List<NumSet.Range> ranges = new ArrayList<>();
        do {
            long first = seqNumber();
            long last = first;
            if (tryChar(':')) {
                last = seqNumber();
            }
            ranges.add(new NumSet.Range(first, last));
        } while (tryChar(','));
        return ranges;
    }

    private long seqNumber() {
        if (tryChar('*')) {
            return NumSet.STAR;
        }
        if (!Character.isDigit(peek())) {
            throw error("Expected a sequence set");
        }
        return nzNumber();
    }

    /** A parenthesised list of flags, or flags separated by spaces up to the end (STORE allows both). */
    List<String> flagList() {
        List<String> flags = new ArrayList<>();
        expect('(');
        if (tryChar(')')) {
            return flags;
        }
        do {
            flags.add(flag());
        } while (tryChar(' '));
        expect(')');
        return flags;
    }

    String flag() {
        if (tryChar('\\')) {
            return "\\" + atom();
        }
        return atom();
    }
}
