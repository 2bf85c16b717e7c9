package dev.mailwright.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Group commit of concurrent store writes (issue 17). Where the database takes one write transaction at a time (H2's
 * file database, {@link CommitDurability#serializesWrites}), every write transaction pays H2's chunk write at commit:
 * the changed B-tree pages of every map it touched, with their ancestors up to the root, and the chunk's own
 * bookkeeping. Writes that arrive while another one runs would each wait for the lock and then pay all of that
 * alone. Here they queue instead, and one of them, the leader, runs a batch of them in one transaction: each inside
 * a savepoint of its own, so one that fails (a full mailbox, a missing right, a broken row) is rolled back alone,
 * with the events and after-commit actions it registered, and its caller gets its exception while the others
 * commit. The transaction's commit is durable before any caller returns ({@link StoreTransactions#write}), so each
 * 250 or OK still means the change survives a crash.
 *
 * <p>For writes that are plain JDBC (deliveries, APPEND, flag changes, COPY/MOVE, EXPUNGE, the \Recent claim): a
 * rollback to a savepoint does not undo what a JPA persistence context holds, so JPA work keeps
 * {@link StoreTransactions#write}. The work runs on the leader's thread, so it must not rely on thread-bound state
 * of its caller beyond the store's own. A write waits in the queue at most H2's lock timeout, as it would have
 * waited for the lock, then fails without having run. On PostgreSQL, or inside a transaction already running, a
 * write runs as before, alone.
 */
@Component
class WriteBatches {
    /** Writes run in one transaction at most. */
    static final int MAX_BATCH = 32;

    private final StoreTransactions tx;
    private final DataSource dataSource;
    private final AfterCommitEvents events;
    private final boolean batching;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition batchDone = lock.newCondition();
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
    private boolean leading;
    private int largestBatch;
    private Duration wait;

    WriteBatches(StoreTransactions tx, DataSource dataSource, AfterCommitEvents events, CommitDurability durability) {
        this.tx = tx;
        this.dataSource = dataSource;
        this.events = events;
        this.batching = durability.serializesWrites();
        this.wait = durability.writeWait();
    }

    private static final class Pending<T> {
        private final Supplier<T> work;
        private boolean done;
        private T result;
        private RuntimeException failure;

        Pending(Supplier<T> work) {
            this.work = work;
        }
    }

    /** Runs {@code work} as {@link StoreTransactions#write} does, possibly in one transaction with other writes. */
    <T> T write(Supplier<T> work) {
        if (!batching || TransactionSynchronizationManager.isActualTransactionActive()) {
            return tx.write(work);
        }
        Pending<T> mine = new Pending<>(work);
        boolean interrupted = false;
        lock.lock();
        try {
            queue.add(mine);
            long deadline = System.nanoTime() + wait.toNanos();
            while (!mine.done) {
                if (leading) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 && queue.remove(mine)) {
                        // as a write waiting for H2's lock would: the client is told to try again, nothing was written
                        throw new StoreException.StorageFailure("Other store writes have run for over " + wait.toMillis()
                                + " ms (the lock timeout)", null);
                    }
                    try {
                        if (left > 0) {
                            batchDone.awaitNanos(left);
                        } else {
                            batchDone.await();   // a leader has taken it: the answer comes with that batch
                        }
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                    continue;
                }
                leading = true;
                List<Pending<?>> batch = new ArrayList<>();
                while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                    batch.add(queue.poll());
                }
                largestBatch = Math.max(largestBatch, batch.size());
                lock.unlock();
                try {
                    writeBatch(batch);
                } finally {
                    lock.lock();
                    leading = false;
                    batchDone.signalAll();
                }
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** How long a write may wait in the queue before it fails (tests shorten it). */
    void waitAtMost(Duration wait) {
        lock.lock();
        try {
            this.wait = wait;
        } finally {
            lock.unlock();
        }
    }

    /** Writes waiting for a leader now (tests). */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** The most writes run in one transaction so far (tests). */
    int largestBatch() {
        lock.lock();
        try {
            return largestBatch;
        } finally {
            lock.unlock();
        }
    }

    /** One transaction for the batch; every pending gets its result or its failure, nothing is left undone. */
    private void writeBatch(List<Pending<?>> batch) {
        if (batch.size() == 1) {
            runAlone(batch.getFirst());
            return;
        }
        try {
            tx.write(() -> {
                Connection connection = DataSourceUtils.getConnection(dataSource);
                for (Pending<?> pending : batch) {
                    runInSavepoint(connection, pending);
                }
                return null;
            });
        } catch (RuntimeException | Error e) {
            // the transaction failed as a whole (its commit, or a savepoint that could not be rolled back): none of
            // the batch was kept
            RuntimeException failure = failure(e);
            for (Pending<?> pending : batch) {
                if (pending.failure == null) {
                    pending.failure = failure;
                    pending.result = null;
                }
            }
        }
        batch.forEach(pending -> pending.done = true);
    }

    private <T> void runAlone(Pending<T> pending) {
        try {
            pending.result = tx.write(pending.work);
        } catch (RuntimeException | Error e) {
            pending.failure = failure(e);
        }
        pending.done = true;
    }

    /** What a waiting caller is given for a failure in the leader's thread. */
    private static RuntimeException failure(Throwable e) {
        return e instanceof RuntimeException r ? r : new StoreException.StorageFailure("Store write failed: " + e, e);
    }

    private <T> void runInSavepoint(Connection connection, Pending<T> pending) {
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw new StoreException.StorageFailure("Cannot set a savepoint for a store write", e);
        }
        int mark = events.mark();
        List<TransactionSynchronization> registered = TransactionSynchronizationManager.getSynchronizations();
        try {
            pending.result = pending.work.get();
        } catch (RuntimeException e) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
                throw e;   // the transaction cannot be trusted: the whole batch fails
            }
            events.rollbackTo(mark);
            forgetSynchronizationsSince(registered);
            pending.failure = StoreTransactions.storeFailure(e);   // as a write of its own would have failed
        }
    }

    /**
     * Drops the after-commit actions that rolled-back work registered (a search-index deletion of rows that are
     * still there), keeping those registered before it. The events' own collector stays: its events were already
     * rolled back to the mark, and the resource that later work adds events to is bound to it.
     */
    private void forgetSynchronizationsSince(List<TransactionSynchronization> before) {
        List<TransactionSynchronization> now = TransactionSynchronizationManager.getSynchronizations();
        if (now.size() == before.size()) {
            return;
        }
        TransactionSynchronizationManager.clearSynchronization();
        TransactionSynchronizationManager.initSynchronization();
        for (TransactionSynchronization synchronization : now) {
            if (before.contains(synchronization) || events.collects(synchronization)) {
                TransactionSynchronizationManager.registerSynchronization(synchronization);
            }
        }
    }
}
