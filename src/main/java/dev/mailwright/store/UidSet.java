package dev.mailwright.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A set of UIDs as sorted, non-overlapping, non-adjacent ranges. Protocols resolve sequence numbers and
 * {@code *} to UIDs before they call the store.
 */
public record UidSet(List<UidRange> ranges) {
    public static final UidSet ALL = new UidSet(List.of(new UidRange(1, Long.MAX_VALUE)));
    public static final UidSet EMPTY = new UidSet(List.of());

    public UidSet {
        ranges = normalize(ranges);
    }

    public static UidSet of(long... uids) {
        List<UidRange> r = new ArrayList<>();
        for (long u : uids) {
            r.add(UidRange.of(u));
        }
        return new UidSet(r);
    }

    public static UidSet of(Collection<Long> uids) {
        return new UidSet(uids.stream().map(UidRange::of).toList());
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean contains(long uid) {
        for (UidRange r : ranges) {
            if (r.contains(uid)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the set names at most {@code most} UIDs, counted range by range without walking them: a range up to
     * {@code *} counts nearly {@link Long#MAX_VALUE}, past any bound a caller walks.
     */
    public boolean atMost(long most) {
        long count = 0;
        for (UidRange range : ranges) {
            count += range.last() - range.first() + 1;
            if (count > most || count <= 0) {
                return false;
            }
        }
        return true;
    }

    /** IMAP form, e.g. {@code 1:3,7}; {@link Long#MAX_VALUE} is written as {@code *}. */
    public String toImapString() {
        StringBuilder sb = new StringBuilder();
        for (UidRange r : ranges) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(r.first());
            if (r.last() != r.first()) {
                sb.append(':').append(r.last() == Long.MAX_VALUE ? "*" : Long.toString(r.last()));
            }
        }
        return sb.toString();
    }

    private static List<UidRange> normalize(List<UidRange> input) {
        if (input.size() <= 1) {
            return List.copyOf(input);
        }
        List<UidRange> sorted = new ArrayList<>(input);
        sorted.sort((a, b) -> Long.compare(a.first(), b.first()));
        List<UidRange> out = new ArrayList<>();
        UidRange cur = sorted.getFirst();
        for (int i = 1; i < sorted.size(); i++) {
            UidRange next = sorted.get(i);
            if (cur.last() == Long.MAX_VALUE || next.first() <= cur.last() + 1) {
                cur = new UidRange(cur.first(), Math.max(cur.last(), next.last()));
            } else {
                out.add(cur);
                cur = next;
            }
        }
        out.add(cur);
        return List.copyOf(out);
    }
}
