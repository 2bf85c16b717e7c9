package dev.mailwright.sieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mailwright.sieve.SieveSyntax.Argument;
import dev.mailwright.sieve.SieveSyntax.Command;
import dev.mailwright.sieve.SieveSyntax.Position;
import dev.mailwright.sieve.SieveSyntax.Strings;
import dev.mailwright.sieve.SieveSyntax.Tag;
import dev.mailwright.sieve.SieveSyntax.Test;

/**
 * Reads a Sieve script into its syntax tree (RFC 5228 §8: lexical tokens, comments, multi-line strings, string
 * lists, numbers with quantifiers, tags, tests and blocks). Knows no command names: what a command means is the
 * compiler's business. Nesting of blocks and tests is bounded, so a hostile script cannot exhaust the stack.
 */
public final class SieveParser {
    private final String text;
    private final int maxNesting;
    private int pos;
    private int line = 1;
    private int lineStart;
    private int depth;

    private SieveParser(String text, int maxNesting) {
        this.text = text;
        this.maxNesting = maxNesting;
    }

    public static List<Command> parse(String script, int maxNesting) throws SieveException {
        SieveParser parser = new SieveParser(script, maxNesting);
        List<Command> commands = parser.commands();
        parser.skipBlanks();
        if (parser.pos < parser.text.length()) {
            throw parser.error(parser.here(), "unexpected '" + parser.text.charAt(parser.pos) + "'");
        }
        return commands;
    }

    private List<Command> commands() throws SieveException {
        List<Command> commands = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (pos >= text.length() || peek() == '}') {
                return commands;
            }
            commands.add(command());
        }
    }

    private Command command() throws SieveException {
        Position at = here();
        String name = identifier("a command");
        List<Argument> arguments = new ArrayList<>();
        List<Test> tests = new ArrayList<>();
        arguments(arguments, tests);
        skipBlanks();
        if (pos >= text.length()) {
            throw error(here(), "expected ';' or '{' after " + name + ", found the end of the script");
        }
        char next = peek();
        if (next == ';') {
            pos++;
            return new Command(name, arguments, tests, List.of(), false, at);
        }
        if (next == '{') {
            Position open = here();
            pos++;
            enter(open);
            List<Command> block = commands();
            depth--;
            skipBlanks();
            if (pos >= text.length()) {
                throw error(open, "block opened here is never closed");
            }
            pos++;   // the '}'
            return new Command(name, arguments, tests, block, true, at);
        }
        throw error(here(), "expected ';' or '{' after " + name + ", found '" + next + "'");
    }

    /** Arguments, then at most one test or a test list in parentheses. */
    private void arguments(List<Argument> arguments, List<Test> tests) throws SieveException {
        while (true) {
            skipBlanks();
            if (pos >= text.length()) {
                return;
            }
            char c = peek();
            if (c == ':') {
                Position at = here();
                pos++;
                arguments.add(new Tag(identifier("a tag name").toLowerCase(Locale.ROOT), at));
            } else if (c >= '0' && c <= '9') {
                arguments.add(number());
            } else if (c == '"' || c == '[' || startsMultiLine()) {
                arguments.add(strings());
            } else if (c == '(') {
                Position open = here();
                pos++;
                enter(open);
                do {
                    tests.add(test());
                    skipBlanks();
                } while (pos < text.length() && peek() == ',' && ++pos > 0);
                depth--;
                expect(')', "',' or ')' in the test list");
                return;
            } else if (isIdentifierStart(c)) {
                enter(here());
                tests.add(test());
                depth--;
                return;
            } else {
                return;
            }
        }
    }

    private Test test() throws SieveException {
        skipBlanks();
        Position at = here();
        String name = identifier("a test");
        List<Argument> arguments = new ArrayList<>();
        List<Test> tests = new ArrayList<>();
        arguments(arguments, tests);
        return new Test(name, arguments, tests, at);
    }

    private SieveSyntax.Number number() throws SieveException {
        Position at = here();
        long value = 0;
        while (pos < text.length() && Character.isDigit(peek()) && peek() < 128) {
            value = value * 10 + (text.charAt(pos++) - '0');
            if (value > 0xFFFF_FFFFL * 1024) {
                throw error(at, "number too large");
            }
        }
        if (pos < text.length()) {
            switch (Character.toUpperCase(peek())) {
                case 'K' -> { value <<= 10; pos++; }
                case 'M' -> { value <<= 20; pos++; }
                case 'G' -> { value <<= 30; pos++; }
                default -> { }
            }
        }
        return new SieveSyntax.Number(value, at);
    }

    private Strings strings() throws SieveException {
        Position at = here();
        if (peek() != '[') {
            return new Strings(List.of(string()), false, at);
        }
        pos++;
        List<String> values = new ArrayList<>();
        do {
            skipBlanks();
            values.add(string());
            skipBlanks();
        } while (pos < text.length() && peek() == ',' && ++pos > 0);
        expect(']', "',' or ']' in the string list");
        return new Strings(values, true, at);
    }

    private String string() throws SieveException {
        if (pos < text.length() && peek() == '"') {
            return quoted();
        }
        if (startsMultiLine()) {
            return multiLine();
        }
        throw error(here(), "expected a string");
    }

    /** RFC 5228 §2.4.2: backslash escapes any character; only \" and \\ are meaningful. */
    private String quoted() throws SieveException {
        Position at = here();
        pos++;
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            if (c == '\n') {
                newLine();
            }
            value.append(c);
        }
        throw error(at, "string opened here is never closed");
    }

    private boolean startsMultiLine() {
        return text.regionMatches(true, pos, "text:", 0, 5);
    }

    /** {@code text:} to a line holding only a dot; a line starting with a dot has its first dot removed. */
    private String multiLine() throws SieveException {
        Position at = here();
        pos += 5;
        while (pos < text.length() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
        if (pos < text.length() && peek() == '#') {
            while (pos < text.length() && peek() != '\n') {
                pos++;
            }
        }
        if (text.startsWith("\r\n", pos)) {
            pos++;
        }
        if (pos >= text.length() || peek() != '\n') {
            throw error(here(), "expected the end of the line after text:");
        }
        pos++;
        newLine();
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                break;
            }
            String content = text.substring(pos, end);
            if (content.endsWith("\r")) {
                content = content.substring(0, content.length() - 1);
            }
            pos = end + 1;
            newLine();
            if (content.equals(".")) {
                return value.toString();
            }
            value.append(content.startsWith(".") ? content.substring(1) : content).append("\r\n");
        }
        throw error(at, "multi-line string opened here has no line with a single '.'");
    }

    private String identifier(String what) throws SieveException {
        int start = pos;
        if (pos >= text.length() || !isIdentifierStart(peek())) {
            throw error(here(), "expected " + what + (pos < text.length() ? ", found '" + peek() + "'" : ", found the end of the script"));
        }
        while (pos < text.length() && (isIdentifierStart(peek()) || (peek() >= '0' && peek() <= '9'))) {
            pos++;
        }
        return text.substring(start, pos).toLowerCase(Locale.ROOT);
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    /** White space, hash comments and bracket comments. */
    private void skipBlanks() throws SieveException {
        while (pos < text.length()) {
            char c = peek();
            if (c == '\n') {
                pos++;
                newLine();
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && peek() != '\n') {
                    pos++;
                }
            } else if (c == '/' && text.startsWith("/*", pos)) {
                Position at = here();
                int end = text.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw error(at, "comment opened here is never closed");
                }
                for (int i = pos; i < end; i++) {
                    if (text.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private void expect(char c, String what) throws SieveException {
        skipBlanks();
        if (pos >= text.length() || peek() != c) {
            throw error(here(), "expected " + what + (pos < text.length() ? ", found '" + peek() + "'" : ", found the end of the script"));
        }
        pos++;
    }

    private void enter(Position at) throws SieveException {
        if (++depth > maxNesting) {
            throw error(at, "nested deeper than " + maxNesting + " levels");
        }
    }

    private char peek() {
        return text.charAt(pos);
    }

    private void newLine() {
        line++;
        lineStart = pos;
    }

    private Position here() {
        return new Position(line, pos - lineStart + 1);
    }

    private SieveException error(Position at, String message) {
        return new SieveException(at, message);
    }
}
