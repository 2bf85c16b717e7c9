package dev.mailwright.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for directory fsyncs. A caller that needs its rename durable registers the directory and waits;
 * one caller at a time fsyncs every directory registered so far, for everyone. Each directory still gets its
 * own fsync, but writers that arrive while a round runs share the next round instead of queueing one journal
 * commit each (on a journalling file system the first fsync of a round commits the others' renames too).
 */
final class DirectorySync {
    private static final Logger log = LoggerFactory.getLogger(DirectorySync.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roundDone = lock.newCondition();
    private Set<Path> pending = new LinkedHashSet<>();
    private long requested;
    private long completed;
    private boolean syncing;
    private long rounds;

    /** Returns once {@code dir} has been fsynced after this call began. */
    void sync(Path dir) {
        long ticket;
        lock.lock();
        try {
            pending.add(dir);
            ticket = ++requested;
        } finally {
            lock.unlock();
        }
        while (true) {
            Set<Path> round;
            long upTo;
            lock.lock();
            try {
                if (completed >= ticket) {
                    return;
                }
                if (syncing) {
                    roundDone.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                rounds++;
                round = pending;
                pending = new LinkedHashSet<>();
                upTo = requested;
            } finally {
                lock.unlock();
            }
            try {
                round.forEach(DirectorySync::fsync);
            } finally {
                lock.lock();
                try {
                    syncing = false;
                    completed = upTo;
                    roundDone.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** How many rounds ran: at most one per {@link #sync} call, fewer when callers overlapped. */
    long rounds() {
        lock.lock();
        try {
            return rounds;
        } finally {
            lock.unlock();
        }
    }

    /** Linux supports fsync on a directory; other systems may refuse it. */
    private static void fsync(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            log.debug("Directory fsync not supported for {}: {}", dir, e.toString());
        }
    }
}
