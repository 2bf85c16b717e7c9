package dev.mailwright.smtp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap that received SMTP messages may take instead of spool files, shared by every session of the server:
 * a message stays in memory while it fits in {@code perMessage} and the server-wide budget has room, else it goes
 * to a file (issue 17: three file creations per message, spool, rewritten copy and blob, cost more CPU than the
 * store's commit on a small message). Bounded twice, so many large or many concurrent messages cannot exhaust the
 * heap: {@code mailwright.smtp-limits.spool-in-memory} and {@code spool-memory-total}.
 */
final class SpoolMemory {
    /** A message in memory is one array. */
    private static final long LARGEST_ARRAY = Integer.MAX_VALUE - 16;

    private final long perMessage;
    private final AtomicLong free;

    SpoolMemory(long perMessage, long total) {
        this.perMessage = Math.max(0, Math.min(Math.min(perMessage, total), LARGEST_ARRAY));
        this.free = new AtomicLong(Math.max(0, total));
    }

    /** The most one message may hold in memory. */
    long perMessage() {
        return perMessage;
    }

    /** Takes {@code bytes} from the budget, or nothing and false when they are not free. */
    boolean reserve(long bytes) {
        if (bytes <= 0) {
            return true;
        }
        long current;
        do {
            current = free.get();
            if (current < bytes) {
                return false;
            }
        } while (!free.compareAndSet(current, current - bytes));
        return true;
    }

    void release(long bytes) {
        if (bytes > 0) {
            free.addAndGet(bytes);
        }
    }

    /** Bytes of the budget not taken now. */
    long free() {
        return free.get();
    }
}
