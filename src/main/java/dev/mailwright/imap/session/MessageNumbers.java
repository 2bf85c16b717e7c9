package dev.mailwright.imap.session;

import java.util.Arrays;
import java.util.OptionalLong;

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
}
