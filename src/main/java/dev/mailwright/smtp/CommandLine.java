package dev.mailwright.smtp;

/** One frame of the command phase: a line, or why there is none. */
sealed interface CommandLine {

    /** A line without its line ending. */
    record Line(String text) implements CommandLine {
    }

    /** Longer than the limit; the whole line was consumed and dropped. */
    record TooLong() implements CommandLine {
    }

    /** The client closed the connection. */
    record Closed() implements CommandLine {
    }
}
