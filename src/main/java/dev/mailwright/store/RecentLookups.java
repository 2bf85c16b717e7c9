package dev.mailwright.store;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Answers of a per-message look-up that rarely changes (issue 17: the active Sieve script of every recipient, whether
 * a sender's domain is local), kept for a short time. A change made by this node through the store is seen at once:
 * its writer calls {@link #forget} after the change committed, and a look-up that was reading while the change
 * committed does not keep its answer. A change made by another node (PostgreSQL, several nodes) or straight in the
 * database is seen after at most {@code ttl}. Bounded: past {@code maxEntries} the kept answers are dropped and
 * gathered again.
 */
final class RecentLookups<K, V> {
    private record Entry<V>(V value, long loadedAt) {
    }

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Raised by every {@link #forget}: an answer read across a change is not kept. */
    private final AtomicLong changes = new AtomicLong();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;

    RecentLookups(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime);
    }

    RecentLookups(Duration ttl, int maxEntries, LongSupplier nanoClock) {
        if (ttl.isNegative() || maxEntries < 0) {
            throw new IllegalArgumentException("a look-up cache needs a TTL and a size >= 0");
        }
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
    }

    /** The kept answer for {@code key} while it is younger than the TTL, else {@code lookUp}'s (then kept). */
    V get(K key, Supplier<V> lookUp) {
        return get(key, lookUp, value -> true);
    }

    /** As {@link #get(Object, Supplier)}, but {@code lookUp}'s answer is kept only when {@code keep} accepts it. */
    V get(K key, Supplier<V> lookUp, java.util.function.Predicate<V> keep) {
        if (ttlNanos == 0 || maxEntries == 0) {
            return lookUp.get();
        }
        long now = nanoClock.getAsLong();
        Entry<V> kept = entries.get(key);
        if (kept != null && now - kept.loadedAt() < ttlNanos) {
            return kept.value();
        }
        long changesBefore = changes.get();
        V value = lookUp.get();
        if (keep.test(value) && changes.get() == changesBefore) {
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(key, new Entry<>(value, now));
            if (changes.get() != changesBefore) {
                entries.remove(key);   // a change committed between the check and the put
            }
        }
        return value;
    }

    /** The answer for {@code key} changed (call after the change committed). */
    void forget(K key) {
        changes.incrementAndGet();
        entries.remove(key);
    }

    /** Every answer may have changed. */
    void forgetAll() {
        changes.incrementAndGet();
        entries.clear();
    }
}
