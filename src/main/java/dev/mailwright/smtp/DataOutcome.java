package dev.mailwright.smtp;

/** How reading one message body (DATA or the BDAT chunks) ended. */
sealed interface DataOutcome {

    /** Complete and within every limit; {@code size} octets were written. */
    record Received(long size) implements DataOutcome {
    }

    /** More than the maximum message size; the rest was read and dropped. */
    record TooLarge() implements DataOutcome {
    }

    /** A text line longer than the limit (RFC 5321 §4.5.3.1.6). */
    record LineTooLong() implements DataOutcome {
    }

    /** A CR not followed by LF, or an LF not preceded by CR. */
    record BareLineEnding() implements DataOutcome {
    }
}
