package dev.mailwright.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable outbound queue: one entry per remote recipient, written by {@link MailStore#accept}. A worker
 * claims due entries for a lease; the claim is safe when several nodes share one database (PostgreSQL
 * {@code FOR UPDATE SKIP LOCKED}, elsewhere a compare-and-set on the attempt counter). An entry whose worker
 * died becomes due again when its lease ends: delivery is at least once, never lost.
 */
public interface OutboundQueue {

    /** Claims up to {@code limit} due entries for {@code lease}; each claim counts as one attempt. */
    List<Entry> claimDue(int limit, Duration lease);

    /** The message was accepted by the remote side (or bounced): the entry is done. */
    void complete(Entry claimed);

    /** A temporary failure: try again at {@code next}. */
    void retryAt(Entry claimed, Instant next, String error);

    /** Every entry, oldest first (admin view). */
    List<Entry> entries();

    Optional<Entry> entry(long id);

    /** Makes an entry due now (admin "retry now"). */
    void retryNow(long id);

    /** Removes an entry without delivering it (admin). */
    void delete(long id);

    long size();

    /**
     * One recipient of one message. {@code attempts} counts claims so far, including the current one;
     * it is also the claim token: completing or rescheduling a claim that another worker took over fails.
     */
    record Entry(long id, String blobHash, String sender, String recipient, Instant createdAt, Instant nextAttemptAt,
                 int attempts, Optional<String> lastError) {
    }
}
