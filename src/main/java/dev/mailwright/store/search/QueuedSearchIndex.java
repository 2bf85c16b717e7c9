package dev.mailwright.store.search;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.store.AfterCommit;

/**
 * Takes the Lucene writes off the request path (issue 17): {@link #inserted} only queues the document, and one
 * indexer thread adds the queued documents to the {@link LuceneSearchIndex} in batches. Until its document is in
 * the index, a message is still found: {@link #narrowing} decides the account's queued messages from their text in
 * memory, as the index would, and adds them to the index's answer. Deletions go through the same
 * queue after commit, so a document is never added back after its row was deleted.
 *
 * <p>Bounded: at most {@code maxMessages} documents or {@code maxCharacters} characters of text wait. A writer that
 * finds the queue full indexes its own document in its own thread (as before), so memory stays bounded and no
 * document is dropped. Crash safety is the index's own: whatever was queued, or added but not committed, when the
 * process died is added again by {@link SearchCatchUp} at the next start, which compares the index with the table.
 */
final class QueuedSearchIndex implements SearchIndex {
    private static final Logger log = LoggerFactory.getLogger(QueuedSearchIndex.class);
    /** Documents the indexer takes from the queue at once. */
    private static final int BATCH = 256;

    /** One queued change: a document to add, or ids to delete. */
    private sealed interface Work {
        long characters();
    }

    private record Add(long messageId, long accountId, String body, String header, boolean linesAreFields) implements Work {
        @Override
        public long characters() {
            return body.length() + header.length();
        }
    }

    private record Delete(long[] ids) implements Work {
        @Override
        public long characters() {
            return 0;
        }
    }

    private final LuceneSearchIndex index;
    private final int maxMessages;
    private final long maxCharacters;
    private final ReentrantLock lock = new ReentrantLock();
    private final java.util.concurrent.locks.Condition workArrived = lock.newCondition();
    private final java.util.concurrent.locks.Condition drained = lock.newCondition();
    private final ArrayDeque<Work> queue = new ArrayDeque<>();
    /** Queued additions by account: the candidates {@link #narrowing} adds (includes those being written). */
    private final Map<Long, Map<Long, Add>> pendingByAccount = new HashMap<>();
    private int queuedAdds;
    private long queuedCharacters;
    private boolean indexing;
    private boolean closed;
    private Thread indexer;

    QueuedSearchIndex(LuceneSearchIndex index, int maxMessages, long maxCharacters) {
        if (maxMessages < 0 || maxCharacters < 0) {
            throw new IllegalArgumentException("queue bounds must not be negative");
        }
        this.index = index;
        this.maxMessages = maxMessages;
        this.maxCharacters = maxCharacters;
    }

    /** Starts the indexer thread; until then documents only queue up (tests look at that state). */
    QueuedSearchIndex start() {
        lock.lock();
        try {
            if (indexer == null) {
                indexer = Thread.ofPlatform().daemon().name("search-indexer").start(this::run);
            }
        } finally {
            lock.unlock();
        }
        return this;
    }

    @Override
    public Optional<Narrowing> narrowing(long accountId, Part part, String needle) {
        String folded = SearchText.fold(needle);
        // a queued body that holds the needle is a hit (the index would name it too, as a candidate at least); a
        // header line that holds it stays a candidate, as it is in the index
        Decision decision = switch (part) {
            case BODY -> add -> add.body().contains(folded) ? Verdict.MATCH : Verdict.NO;
            case HEADER -> add -> add.header().contains(folded) ? Verdict.CANDIDATE : Verdict.NO;
        };
        return withPending(accountId, decision, () -> index.narrowing(accountId, part, needle));
    }

    @Override
    public Optional<Narrowing> fieldNarrowing(long accountId, String field, String needle) {
        if (!SEPARATE_FIELDS.contains(field)) {
            return narrowing(accountId, Part.HEADER, needle);
        }
        String folded = SearchText.fold(needle);
        Decision decision = add -> {
            if (!add.header().contains(folded)) {
                return Verdict.NO;
            }
            if (!add.linesAreFields()) {
                return Verdict.CANDIDATE;
            }
            return LuceneSearchIndex.fieldHolds(add.header(), field, folded) ? Verdict.MATCH : Verdict.NO;
        };
        return withPending(accountId, decision, () -> index.fieldNarrowing(accountId, field, needle));
    }

    /** What a queued document says about a needle, decided from its text in memory as the index would. */
    private enum Verdict { MATCH, CANDIDATE, NO }

    @FunctionalInterface
    private interface Decision {
        Verdict of(Add add);
    }

    /**
     * The index's answer with the account's queued documents decided in memory: those that match join the exact
     * hits, those the index could only name as candidates join the undecided ones (issue 14: a backlog in the queue
     * used to make the whole answer undecided, and the store then read the header of every hit).
     */
    private Optional<Narrowing> withPending(long accountId, Decision decision,
                                            java.util.function.Supplier<Optional<Narrowing>> search) {
        // pending first: a document leaves it only after it is in the writer, which the search then sees
        List<Add> pending;
        lock.lock();
        try {
            Map<Long, Add> mine = pendingByAccount.get(accountId);
            pending = mine == null ? List.of() : new ArrayList<>(mine.values());
        } finally {
            lock.unlock();
        }
        Optional<Narrowing> indexed = search.get();
        if (pending.isEmpty() || indexed.isEmpty() || !(indexed.get() instanceof MessageIds ids)) {
            return indexed;
        }
        long[] matches = new long[pending.size()];
        long[] candidates = new long[pending.size()];
        int matched = 0;
        int undecided = 0;
        for (Add add : pending) {
            switch (decision.of(add)) {
                case MATCH -> matches[matched++] = add.messageId();
                case CANDIDATE -> candidates[undecided++] = add.messageId();
                case NO -> {
                }
            }
        }
        long[] queuedCandidates = Arrays.copyOf(candidates, undecided);
        long[] all = LuceneSearchIndex.union(ids.ascending(), LuceneSearchIndex.union(Arrays.copyOf(matches, matched), queuedCandidates));
        // a document both written and still queued (the indexer is between writing and dequeuing it) is decided twice
        // alike: undecided wins only where the index or the queue could not tell
        return Optional.of(new MessageIds(all, LuceneSearchIndex.union(ids.undecided(), queuedCandidates)));
    }

    @Override
    public String bodyColumn(String foldedBody) {
        return index.bodyColumn(foldedBody);
    }

    @Override
    public String textColumn(String searchText) {
        return index.textColumn(searchText);
    }

    @Override
    public int[] gramsColumn(String foldedBody, String foldedHeader) {
        return index.gramsColumn(foldedBody, foldedHeader);
    }

    /**
     * Queues the document; it counts as a candidate from now on (a rolled-back row leaves only an extra candidate,
     * as with the direct index). A full queue: the caller indexes it itself.
     */
    @Override
    public void inserted(long messageId, long accountId, String foldedBody, String foldedHeader,
                         boolean headerLinesAreFields) {
        Add add = new Add(messageId, accountId, foldedBody, foldedHeader, headerLinesAreFields);
        lock.lock();
        try {
            if (!closed && queuedAdds < maxMessages && queuedCharacters + add.characters() <= maxCharacters) {
                queue.add(add);
                queuedAdds++;
                queuedCharacters += add.characters();
                pendingByAccount.computeIfAbsent(accountId, a -> new HashMap<>()).put(messageId, add);
                workArrived.signal();
                return;
            }
        } finally {
            lock.unlock();
        }
        index.inserted(messageId, accountId, foldedBody, foldedHeader, headerLinesAreFields);
    }

    @Override
    public void deleted(Collection<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        long[] ids = messageIds.stream().mapToLong(Long::longValue).toArray();
        AfterCommit.run(() -> queueDelete(ids));
    }

    /** Deletions are small and must follow any queued addition of the same id: always queued, never refused. */
    private void queueDelete(long[] ids) {
        lock.lock();
        try {
            if (!closed) {
                queue.add(new Delete(ids));
                workArrived.signal();
                return;
            }
        } finally {
            lock.unlock();
        }
        index.delete(ids);
    }

    private void run() {
        List<Work> batch = new ArrayList<>(BATCH);
        while (true) {
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) {
                    workArrived.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    return;   // closed and drained
                }
                while (!queue.isEmpty() && batch.size() < BATCH) {
                    batch.add(queue.poll());
                }
                indexing = true;
            } finally {
                lock.unlock();
            }
            apply(batch);
            lock.lock();
            try {
                for (Work work : batch) {
                    if (work instanceof Add add) {
                        queuedAdds--;
                        queuedCharacters -= add.characters();
                        Map<Long, Add> mine = pendingByAccount.get(add.accountId());
                        if (mine != null && mine.remove(add.messageId()) != null && mine.isEmpty()) {
                            pendingByAccount.remove(add.accountId());
                        }
                    }
                }
                indexing = false;
                if (queue.isEmpty()) {
                    drained.signalAll();
                }
            } finally {
                lock.unlock();
            }
            batch.clear();
        }
    }

    /** Writes one batch into the index; a failure leaves the documents to the next start's catch-up. */
    private void apply(List<Work> batch) {
        for (Work work : batch) {
            try {
                switch (work) {
                    case Add add -> index.inserted(add.messageId(), add.accountId(), add.body(), add.header(),
                            add.linesAreFields());
                    case Delete delete -> index.delete(delete.ids());
                }
            } catch (RuntimeException e) {
                log.warn("Search index write failed (the next start catches up): {}", e.toString());
            }
        }
    }

    /** Waits until everything queued so far is in the index writer (tests, close). */
    void awaitIndexed() {
        lock.lock();
        try {
            while (!queue.isEmpty() || indexing) {
                drained.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The index the queue writes to (tests). */
    LuceneSearchIndex index() {
        return index;
    }

    /** Documents waiting (tests). */
    int queued() {
        lock.lock();
        try {
            return queuedAdds;
        } finally {
            lock.unlock();
        }
    }

    /** Indexes what is queued, then closes the index (which commits). */
    @Override
    public void close() throws IOException {
        start();   // never started: the queue is drained now
        lock.lock();
        try {
            closed = true;
            workArrived.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            indexer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        index.close();
    }
}
