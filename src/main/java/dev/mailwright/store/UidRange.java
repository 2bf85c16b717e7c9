package dev.mailwright.store;

/** An inclusive range of UIDs; {@code last} may be {@link Long#MAX_VALUE} for "up to the newest". */
public record UidRange(long first, long last) {
    public UidRange {
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("bad UID range " + first + ":" + last);
        }
    }

    public static UidRange of(long uid) {
        return new UidRange(uid, uid);
    }

    public boolean contains(long uid) {
        return uid >= first && uid <= last;
    }
}
