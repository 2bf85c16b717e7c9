package dev.mailwright.imap.processor;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.mailwright.imap.wire.ThreadForest;

/**
 * The THREAD=REFERENCES shapes of recently threaded mailboxes, shared by every session of the server. A shape is
 * the forest over row positions ({@link ReferenceThreads#build(java.util.List, int)}); it depends only on which
 * messages were threaded, because what a message contributes (Message-ID, References, base subject, sent date) never
 * changes while it keeps its UID, and UIDs are not reused within one UIDVALIDITY. So the key is the mailbox, its
 * UIDVALIDITY, the depth limit and the exact UID list; any append, expunge or other session view gives another list
 * and the shape is built again. Only the latest shape of each mailbox is kept, and at most {@code maxMessages}
 * messages over all mailboxes (mailwright.sort-cache.max-messages), the least recently used mailbox first out.
 */
final class ThreadShapes {
    private record Key(long mailboxId, long uidValidity, int maxDepth, long[] uids) {
        boolean sameAs(Key other) {
            return mailboxId == other.mailboxId && uidValidity == other.uidValidity && maxDepth == other.maxDepth
                    && Arrays.equals(uids, other.uids);
        }
    }

    private record Entry(Key key, ThreadForest shape) {
    }

    private final Map<Long, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedMessages;

    /**
     * The shape for these messages: the one kept, if it was built for exactly them, else {@code build}'s (kept when
     * the bound allows).
     */
    ThreadForest shape(long mailboxId, long uidValidity, int maxDepth, long[] uids, long maxMessages,
                       Supplier<ThreadForest> build) {
        Key key = new Key(mailboxId, uidValidity, maxDepth, uids);
        synchronized (this) {
            Entry kept = entries.get(mailboxId);
            if (kept != null && kept.key().sameAs(key)) {
                return kept.shape();
            }
        }
        ThreadForest shape = build.get();
        keep(new Entry(key, shape), maxMessages);
        return shape;
    }

    /** Mailboxes with a shape kept now (tests). */
    synchronized int size() {
        return entries.size();
    }

    private synchronized void keep(Entry entry, long maxMessages) {
        long mailboxId = entry.key().mailboxId();
        Entry old = entries.remove(mailboxId);
        if (old != null) {
            cachedMessages -= old.key().uids().length;
        }
        if (entry.key().uids().length > maxMessages) {
            return;
        }
        entries.put(mailboxId, entry);
        cachedMessages += entry.key().uids().length;
        Iterator<Map.Entry<Long, Entry>> eldest = entries.entrySet().iterator();
        while (cachedMessages > maxMessages && eldest.hasNext()) {
            Map.Entry<Long, Entry> e = eldest.next();
            if (e.getKey() != mailboxId) {
                cachedMessages -= e.getValue().key().uids().length;
                eldest.remove();
            }
        }
    }
}
