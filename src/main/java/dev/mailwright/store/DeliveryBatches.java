package dev.mailwright.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Group commit of the rows of concurrent deliveries (issue 17). Where the database takes one write transaction at a
 * time (H2's file database, {@link CommitDurability#serializesWrites}), deliveries that arrive while another one
 * writes would each wait for the lock and then pay a transaction of their own (begin, H2's chunk write at commit,
 * the sync). Here they queue instead, and one of them, the leader, writes a batch of them in one transaction: each
 * delivery inside a savepoint of its own, so a delivery that fails (a full mailbox, a broken row) is rolled back
 * alone and its caller gets its exception, while the others commit. The transaction's commit is durable before any
 * caller returns ({@link StoreTransactions#write}), so each 250 still means the message survives a crash.
 *
 * <p>On PostgreSQL, or inside a transaction already running, a delivery is written as before.
 */
@Component
class DeliveryBatches {
    /** Deliveries written in one transaction at most. */
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

    DeliveryBatches(StoreTransactions tx, DataSource dataSource, AfterCommitEvents events, CommitDurability durability) {
        this.tx = tx;
        this.dataSource = dataSource;
        this.events = events;
        this.batching = durability.serializesWrites();
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

    /** Runs {@code work} as {@link StoreTransactions#write} does, possibly in one transaction with other deliveries. */
    <T> T write(Supplier<T> work) {
        if (!batching || TransactionSynchronizationManager.isActualTransactionActive()) {
            return tx.write(work);
        }
        Pending<T> mine = new Pending<>(work);
        lock.lock();
        try {
            queue.add(mine);
            while (!mine.done) {
                if (leading) {
                    batchDone.awaitUninterruptibly();
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
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** Deliveries waiting for a leader now (tests). */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** The most deliveries written in one transaction so far (tests). */
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
            // the batch is stored
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
        return e instanceof RuntimeException r ? r : new StoreException.StorageFailure("Delivery failed: " + e, e);
    }

    private <T> void runInSavepoint(Connection connection, Pending<T> pending) {
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw new StoreException.StorageFailure("Cannot set a savepoint for a delivery", e);
        }
        int mark = events.mark();
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
            pending.failure = StoreTransactions.storeFailure(e);   // as a delivery of its own would have failed
        }
    }
}
