package dev.mailwright.inbound.ratelimit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} events per key in any {@code window} (a true sliding window: the time of each of the last
 * {@code limit} events is kept, nothing more). Keys are client addresses; memory is bounded by {@code maxKeys}
 * (idle keys are dropped first; when every key is active the limiter forgets them all rather than grow).
 */
public final class SlidingWindowLimiter {
    private final int limit;
    private final long windowNanos;
    private final int maxKeys;
    private final Map<String, ArrayDeque<Long>> events = new ConcurrentHashMap<>();

    public SlidingWindowLimiter(int limit, Duration window, int maxKeys) {
        if (limit < 1 || window.isNegative() || window.isZero() || maxKeys < 1) {
            throw new IllegalArgumentException("limit >= 1, window > 0, maxKeys >= 1");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.maxKeys = maxKeys;
    }

    /** Records one event at {@code nowNanos} (a {@link System#nanoTime()} value) unless the key is over the limit. */
    public boolean tryAcquire(String key, long nowNanos) {
        if (events.size() >= maxKeys && !events.containsKey(key)) {
            forgetIdle(nowNanos);
        }
        ArrayDeque<Long> times = events.computeIfAbsent(key, k -> new ArrayDeque<>(Math.min(limit, 64)));
        synchronized (times) {
            while (!times.isEmpty() && nowNanos - times.peekFirst() >= windowNanos) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                return false;
            }
            times.addLast(nowNanos);
            return true;
        }
    }

    private void forgetIdle(long nowNanos) {
        events.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                Long last = entry.getValue().peekLast();
                return last == null || nowNanos - last >= windowNanos;
            }
        });
        if (events.size() >= maxKeys) {
            events.clear();
        }
    }
}
