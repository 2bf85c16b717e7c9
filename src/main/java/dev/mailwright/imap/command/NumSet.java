package dev.mailwright.imap.command;

import java.util.List;

/**
 * A sequence set as the client wrote it. {@link #STAR} stands for {@code *}; it is resolved against the
 * selected mailbox later, never while parsing. {@link SavedResult} is {@code $} (RFC 5182).
 */
public sealed interface NumSet {
    long STAR = -1;

    /** Whether the command numbers messages by sequence number or by UID (a UID command, the UID search key). */
    enum Form { SEQUENCE, UID }

    List<Range> ranges();

    Form form();

    /** Whether {@code value} lies in the set, with {@code *} standing for {@code star}. */
    default boolean contains(long value, long star) {
        for (Range r : ranges()) {
            long a = r.first() == STAR ? star : r.first();
            long b = r.last() == STAR ? star : r.last();
            if (value >= Math.min(a, b) && value <= Math.max(a, b)) {
                return true;
            }
        }
        return false;
    }

    /** Message sequence numbers. */
    record Sequence(List<Range> ranges) implements NumSet {
        public Sequence {
            ranges = List.copyOf(ranges);
        }

        @Override
        public Form form() {
            return Form.SEQUENCE;
        }
    }

    /** UIDs (UID commands, the UID search key). */
    record Uids(List<Range> ranges) implements NumSet {
        public Uids {
            ranges = List.copyOf(ranges);
        }

        @Override
        public Form form() {
            return Form.UID;
        }
    }

    /**
     * {@code $}: the messages of the session's saved search result (RFC 5182), which holds UIDs whatever the form of
     * the command that uses it. It has no ranges of its own: the selected mailbox resolves it.
     */
    record SavedResult(Form form) implements NumSet {
        @Override
        public List<Range> ranges() {
            return List.of();
        }
    }

    /** {@code first:last} as written; either may be {@link #STAR}; single numbers have first == last. */
    record Range(long first, long last) {
    }
}
