package dev.mailwright.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Blobs a committed row names but that could not be read since this process started: what the admin status shows
 * between two integrity checks. Each one is logged once. Bounded: past {@link #LIMIT} distinct hashes only the count
 * of further reports grows.
 */
@Component
public class MissingBlobs {
    private static final Logger log = LoggerFactory.getLogger(MissingBlobs.class);
    static final int LIMIT = 10_000;

    private final Set<String> hashes = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong overflow = new java.util.concurrent.atomic.AtomicLong();

    void report(String hash) {
        if (hashes.size() >= LIMIT && !hashes.contains(hash)) {
            overflow.incrementAndGet();
            return;
        }
        if (hashes.add(hash)) {
            log.error("Blob {} is referenced by a message but missing from the blob store; "
                    + "run `mailwright admin check` (the message is answered with NO [CORRUPTION])", hash);
        }
    }

    /** Distinct blobs found missing on read since start (plus reports past the bound). */
    public long count() {
        return hashes.size() + overflow.get();
    }
}
