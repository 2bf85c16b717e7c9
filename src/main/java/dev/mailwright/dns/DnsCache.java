package dev.mailwright.dns;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Answers until their TTL runs out, at most {@code capacity} of them (least recently used go first). Temporary
 * errors are never stored. Thread-safe; the lock is held only for a map operation.
 */
final class DnsCache {
    /** The question: a lower-case absolute name and a record type. */
    record Key(String name, int type) {
    }

    private record Cached(DnsResult<?> result, Instant expires) {
    }

    private final int capacity;
    private final Clock clock;
    private final LinkedHashMap<Key, Cached> entries;

    DnsCache(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
                return size() > DnsCache.this.capacity;
            }
        };
    }

    synchronized Optional<DnsResult<?>> get(Key key) {
        Cached entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.result());
    }

    synchronized void put(Key key, DnsResult<?> result, long ttlSeconds) {
        if (capacity == 0 || ttlSeconds <= 0 || result instanceof DnsResult.TempError<?>) {
            return;
        }
        entries.put(key, new Cached(result, clock.instant().plusSeconds(ttlSeconds)));
    }

    synchronized int size() {
        return entries.size();
    }
}
