package dev.mailwright.store;

import java.time.Instant;
import java.util.List;

/**
 * What each account's Sieve {@code duplicate} tests have seen (RFC 7352): keys (digests the Sieve layer makes of
 * a handle and a message's unique id) with an expiry. Retention is bounded by the expiries the caller gives; expired
 * rows are dropped whenever the account records new ones.
 */
public interface SieveDuplicates {
    /** One key to remember until {@code expires}; {@code restart}: a still-remembered key takes the new expiry too. */
    record Mark(String key, Instant expires, boolean restart) {
    }

    /** Whether {@code key} is remembered for the account and has not expired at {@code now}. */
    boolean seen(AccountId account, String key, Instant now);

    /** Remembers the marks of one completed delivery, in one transaction. */
    void remember(AccountId account, List<Mark> marks, Instant now);
}
