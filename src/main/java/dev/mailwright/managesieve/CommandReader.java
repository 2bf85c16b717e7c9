package dev.mailwright.managesieve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one client command (RFC 5804 §4): atoms, quoted strings and literals ({@code {n+}} and, treated the same way
 * since ManageSieve has no continuation for them, {@code {n}}) up to the CRLF that ends it (a bare LF is taken too).
 * The command's text without its literals is limited to {@code maxLine} octets, CRLF included; a longer line is read
 * to its end and reported, so the next command starts on a line boundary. Each literal is limited by the caller;
 * a larger one cannot be skipped safely and is reported before any of its octets is read.
 */
final class CommandReader {
    /** No command has more than three arguments; more words are read and dropped. */
    static final int MAX_WORDS = 8;

    private final InputStream input;
    private final int maxLine;
    private final Runnable literalStarts;

    /** {@code literalStarts} runs before the octets of each literal are read (the transfer deadline begins). */
    CommandReader(InputStream input, int maxLine, Runnable literalStarts) {
        this.input = input;
        this.maxLine = maxLine;
        this.literalStarts = literalStarts;
    }

    sealed interface Word {
        /** A bare word: the command name, or HAVESPACE's number. */
        record Atom(String text) implements Word {
        }

        /** A quoted string or a literal, decoded as UTF-8; {@code octets} is its size on the wire. */
        record Text(String value, long octets) implements Word {
        }
    }

    sealed interface Frame {
        record Command(List<Word> words) implements Frame {
        }

        /** The line (literals apart) exceeded the limit; it has been read to its end. */
        record TooLong() implements Frame {
        }

        /** Not the grammar; the line has been read to its end. */
        record Malformed(String reason) implements Frame {
        }

        /** A literal announced more octets than allowed; none of them was read, the connection cannot go on. */
        record LiteralTooLarge(long octets) implements Frame {
        }

        record EndOfStream() implements Frame {
        }
    }

    /** Signals the end of the stream in the middle of a command. */
    private static final class Ended extends Exception {
        Ended() {
            super(null, null, false, false);
        }
    }

    /** Reads the next command; {@code maxLiteral} bounds each of its literals. */
    Frame next(long maxLiteral) throws IOException {
        List<Word> words = new ArrayList<>();
        String malformed = null;
        int lineOctets = 0;
        try {
            int b = input.read();
            if (b < 0) {
                return new Frame.EndOfStream();
            }
            while (true) {
                if (b == '\n') {
                    break;
                }
                if (b == '\r') {
                    b = read();
                    if (b != '\n') {
                        malformed = first(malformed, "CR not followed by LF");
                        lineOctets++;
                        continue;
                    }
                    break;
                }
                if (lineOctets >= maxLine) {
                    skipLine(b);
                    return new Frame.TooLong();
                }
                if (b == ' ') {
                    lineOctets++;
                    b = read();
                    continue;
                }
                if (b == '"') {
                    QuotedResult quoted = quoted(maxLine - lineOctets - 1);
                    lineOctets += 1 + quoted.lineOctets;
                    if (quoted.tooLong) {
                        return new Frame.TooLong();
                    }
                    if (quoted.error != null) {
                        return new Frame.Malformed(first(malformed, quoted.error));
                    }
                    malformed = add(words, new Word.Text(quoted.value, quoted.octets), malformed);
                    b = read();
                    continue;
                }
                if (b == '{') {
                    StringBuilder header = new StringBuilder("{");
                    while (b != '}' && header.length() < 24) {
                        b = read();
                        if (b == '\r' || b == '\n') {
                            break;
                        }
                        header.append((char) b);
                    }
                    lineOctets += header.length();
                    long size = literalSize(header.toString());
                    if (size < 0) {
                        if (b == '\r' || b == '\n') {
                            b = b == '\r' ? b : '\n';
                            malformed = first(malformed, "malformed literal " + header);
                            continue;
                        }
                        skipLine(read());
                        return new Frame.Malformed(first(malformed, "malformed literal"));
                    }
                    int cr = read();
                    int lf = cr == '\r' ? read() : cr;
                    if (lf != '\n') {
                        skipLine(lf);
                        return new Frame.Malformed(first(malformed, "a literal's size must end the line"));
                    }
                    if (size > maxLiteral) {
                        return new Frame.LiteralTooLarge(size);
                    }
                    literalStarts.run();
                    byte[] octets = input.readNBytes((int) size);
                    if (octets.length < size) {
                        throw new Ended();
                    }
                    String value = utf8(octets);
                    if (value == null) {
                        malformed = first(malformed, "a literal is not UTF-8");
                        value = "";
                    }
                    malformed = add(words, new Word.Text(value, size), malformed);
                    b = read();
                    continue;
                }
                StringBuilder atom = new StringBuilder();
                while (b != ' ' && b != '\r' && b != '\n' && b != '"' && b != '{') {
                    if (lineOctets >= maxLine) {
                        skipLine(b);
                        return new Frame.TooLong();
                    }
                    if (b < 0x21 || b > 0x7e) {
                        malformed = first(malformed, "unexpected character in a command");
                    }
                    atom.append((char) b);
                    lineOctets++;
                    b = read();
                }
                malformed = add(words, new Word.Atom(atom.toString()), malformed);
            }
        } catch (Ended e) {
            return new Frame.EndOfStream();
        }
        if (lineOctets + 2 > maxLine) {
            return new Frame.TooLong();
        }
        if (malformed != null) {
            return new Frame.Malformed(malformed);
        }
        if (words.isEmpty()) {
            return new Frame.Malformed("empty command");
        }
        return new Frame.Command(List.copyOf(words));
    }

    private static String first(String earlier, String reason) {
        return earlier != null ? earlier : reason;
    }

    private static String add(List<Word> words, Word word, String malformed) {
        if (words.size() == MAX_WORDS) {
            return first(malformed, "too many arguments");
        }
        words.add(word);
        return malformed;
    }

    /** The size a literal header {@code {123+}} or {@code {123}} announces, or -1 when it is not one. */
    static long literalSize(String header) {
        if (!header.startsWith("{") || !header.endsWith("}")) {
            return -1;
        }
        String digits = header.substring(1, header.length() - 1);
        if (digits.endsWith("+")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        if (digits.isEmpty() || digits.length() > 10) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }

    private record QuotedResult(String value, long octets, int lineOctets, String error, boolean tooLong) {
    }

    /**
     * A quoted string after its opening quote, up to and including the closing one: {@code \"} and {@code \\} are the
     * only escapes (RFC 5804 §4 QUOTED-SPECIALS); CR and LF may not appear.
     */
    private QuotedResult quoted(int room) throws IOException, Ended {
        java.io.ByteArrayOutputStream value = new java.io.ByteArrayOutputStream();
        int used = 0;
        while (true) {
            int b = read();
            used++;
            if (used > room) {
                skipLine(b);
                return new QuotedResult("", 0, used, null, true);
            }
            if (b == '"') {
                String text = utf8(value.toByteArray());
                return text == null ? new QuotedResult("", 0, used, "a quoted string is not UTF-8", false)
                        : new QuotedResult(text, value.size(), used, null, false);
            }
            if (b == '\r' || b == '\n') {
                skipLine(b);
                return new QuotedResult("", 0, used, "unterminated quoted string", false);
            }
            if (b == '\\') {
                b = read();
                used++;
                if (b != '"' && b != '\\') {
                    skipLine(b);
                    return new QuotedResult("", 0, used, "only \\\" and \\\\ may be escaped in a quoted string", false);
                }
            }
            value.write(b);
        }
    }

    private int read() throws IOException, Ended {
        int b = input.read();
        if (b < 0) {
            throw new Ended();
        }
        return b;
    }

    /** Reads up to and including the LF that ends the current line; {@code b} is the byte already read. */
    private void skipLine(int b) throws IOException, Ended {
        while (b != '\n') {
            b = read();
        }
    }

    private static String utf8(byte[] octets) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(octets)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
