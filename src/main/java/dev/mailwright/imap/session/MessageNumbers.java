package dev.mailwright.imap.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

import dev.mailwright.imap.command.MessageCommand.PartialRange;
import dev.mailwright.store.UidRange;
import dev.mailwright.store.UidSet;

/**
 * The MSN↔UID map of one selected mailbox as this session has announced it (RFC 3501 §2.3.1.2). It changes
 * only when the session tells the client: an EXISTS adds UIDs, an EXPUNGE removes one. No I/O, not thread-safe:
 * only the session's own thread touches it.
 */
public final class MessageNumbers {
    private long[] uids;
    private int size;

    public MessageNumbers() {
        this.uids = new long[16];
    }

    public int size() {
        return size;
    }

    /** The highest UID announced, or 0 when empty. */
    public long maxUid() {
        return size == 0 ? 0 : uids[size - 1];
    }

    /** Adds a UID greater than every known one; it gets MSN {@code size()}. */
    public void append(long uid) {
        if (uid <= maxUid()) {
            throw new IllegalArgumentException("UID " + uid + " is not above " + maxUid());
        }
        if (size == uids.length) {
            uids = Arrays.copyOf(uids, size * 2);
        }
        uids[size++] = uid;
    }

    /** The UID of message {@code msn} (1-based). */
    public long uidAt(int msn) {
        if (msn < 1 || msn > size) {
            throw new IndexOutOfBoundsException("MSN " + msn + " of " + size);
        }
        return uids[msn - 1];
    }

    /** The MSN of {@code uid}, or 0 when it is not in the map. */
    public int msnOf(long uid) {
        int i = Arrays.binarySearch(uids, 0, size, uid);
        return i >= 0 ? i + 1 : 0;
    }

    /**
     * {@link #msnOf} for UIDs looked up in ascending order: {@code previous} is the MSN found for the one before (0
     * at first), so a FETCH that walks the mailbox finds each message at the next position without a search.
     */
    public int msnAfter(long uid, int previous) {
        if (previous >= 0 && previous < size && uids[previous] == uid) {
            return previous + 1;
        }
        return msnOf(uid);
    }

    public boolean contains(long uid) {
        return msnOf(uid) > 0;
    }

    /** Removes {@code uid}; returns the MSN it had, which the caller announces as {@code * n EXPUNGE}. */
    public OptionalLong expunge(long uid) {
        int msn = msnOf(uid);
        if (msn == 0) {
            return OptionalLong.empty();
        }
        System.arraycopy(uids, msn, uids, msn - 1, size - msn);
        size--;
        return OptionalLong.of(msn);
    }

    /** Index range [from, to) of UIDs within {@code [first, last]}, for UID set resolution. */
    int lowerIndex(long uid) {
        int i = Arrays.binarySearch(uids, 0, size, uid);
        return i >= 0 ? i : -i - 1;
    }

    long uidAtIndex(int index) {
        return uids[index];
    }

    /**
     * The announced messages of {@code set} at the positions {@code range} names, counted from the lowest UID, or
     * from the highest when negative (the PARTIAL modifier of UID FETCH, RFC 9394 §3.3). The work is the number of
     * ranges in {@code set}, whatever the window's size.
     */
    public UidSet window(UidSet set, PartialRange range) {
        List<int[]> spans = new ArrayList<>();   // index ranges [from, to) of announced messages
        for (UidRange r : set.ranges()) {
            int from = lowerIndex(r.first());
            int to = lowerIndex(r.last() == Long.MAX_VALUE ? r.last() : r.last() + 1);
            if (from < to) {
                spans.add(new int[] {from, to});
            }
        }
        spans.sort(Comparator.comparingInt(span -> span[0]));
        List<int[]> merged = new ArrayList<>();
        long total = 0;
        for (int[] span : spans) {
            if (!merged.isEmpty() && span[0] <= merged.getLast()[1]) {
                int[] last = merged.getLast();
                total += Math.max(0, span[1] - last[1]);
                last[1] = Math.max(last[1], span[1]);
            } else {
                merged.add(span);
                total += span[1] - span[0];
            }
        }
        long first = range.firstIndex(total);
        long last = range.lastIndex(total);
        List<UidRange> out = new ArrayList<>();
        long position = 0;   // of the span's first message among all the spans' messages
        for (int[] span : merged) {
            long lo = Math.max(first, position);
            long hi = Math.min(last, position + span[1] - span[0] - 1);
            if (lo <= hi) {
                out.add(new UidRange(uidAtIndex((int) (span[0] + lo - position)),
                        uidAtIndex((int) (span[0] + hi - position))));
            }
            position += span[1] - span[0];
        }
        return new UidSet(out);
    }
}
