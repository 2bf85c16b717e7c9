package dev.mailwright.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for directory fsyncs ({@link GroupCommit}): a caller that needs its rename durable registers the
 * directory and waits; one round fsyncs every directory registered so far, for everyone. Each directory still gets
 * its own fsync, but writers that arrive while a round runs share the next round instead of queueing one journal
 * commit each (on a journalling file system the first fsync of a round commits the others' renames too).
 */
final class DirectorySync {
    private static final Logger log = LoggerFactory.getLogger(DirectorySync.class);

    private final Set<Path> pending = ConcurrentHashMap.newKeySet();
    private final GroupCommit group = new GroupCommit(this::syncPending);

    /** Returns once {@code dir} has been fsynced after this call began. */
    void sync(Path dir) {
        pending.add(dir);
        try {
            group.await();
        } catch (Exception e) {
            throw new IllegalStateException("directory fsync round failed", e);   // syncPending does not throw
        }
    }

    /** How many rounds ran: at most one per {@link #sync} call, fewer when callers overlapped. */
    long rounds() {
        return group.rounds();
    }

    /** A round: every directory registered before it started (and any registered meanwhile) is fsynced once. */
    private void syncPending() {
        for (Iterator<Path> it = pending.iterator(); it.hasNext(); ) {
            Path dir = it.next();
            it.remove();
            fsync(dir);
        }
    }

    /** Linux supports fsync on a directory; other systems may refuse it (then only logged: the rename stands). */
    static void fsync(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            log.debug("Directory fsync not supported for {}: {}", dir, e.toString());
        }
    }
}
