package dev.mailwright.sieve;

import java.util.List;

/**
 * The syntax tree of a Sieve script (RFC 5228 §8.2): commands with arguments, tests and an optional block. Every
 * node knows where it began, so a later error (an unknown command, a wrong argument) points at the line and column.
 */
public final class SieveSyntax {
    private SieveSyntax() {
    }

    public record Position(int line, int column) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }
    }

    public sealed interface Argument permits Strings, Number, Tag {
        Position at();
    }

    /** A string or a string list; {@code list} tells which was written (some arguments take only a single string). */
    public record Strings(List<String> values, boolean list, Position at) implements Argument {
    }

    /** A number with its quantifier applied (K, M, G: RFC 5228 §2.4.1). */
    public record Number(long value, Position at) implements Argument {
    }

    /** {@code :name}, stored without the colon, lower case. */
    public record Tag(String name, Position at) implements Argument {
    }

    public record Test(String name, List<Argument> arguments, List<Test> tests, Position at) {
    }

    public record Command(String name, List<Argument> arguments, List<Test> tests, List<Command> block,
                          boolean hasBlock, Position at) {
    }
}
