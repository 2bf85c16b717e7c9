package dev.mailwright.imap.command;

import java.util.List;

/**
 * A sequence set as the client wrote it. {@link #STAR} stands for {@code *}; it is resolved against the
 * selected mailbox later, never while parsing.
 */
public sealed interface NumSet {
    long STAR = -1;

    List<Range> ranges();

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
    }

    /** UIDs (UID commands, the UID search key). */
    record Uids(List<Range> ranges) implements NumSet {
        public Uids {
            ranges = List.copyOf(ranges);
        }
    }

    /** {@code first:last} as written; either may be {@link #STAR}; single numbers have first == last. */
    record Range(long first, long last) {
    }
}
