package dev.mailwright.store;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.persistence.EntityManagerFactory;

import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;

/**
 * The application's transaction manager (JPA and JDBC alike). On an H2 file database
 * ({@link CommitDurability#serializesWrites()}) a transaction that is not read-only waits for the one write
 * transaction running before it begins, and lets the next one in when it ends; read-only transactions never wait.
 * Nested writes of one thread (REQUIRES_NEW) hold the same lock again. On PostgreSQL nothing changes.
 *
 * <p>Cost: writes no longer overlap on H2. Each one is short (rows only: message files are written and fsynced
 * before the transaction, the group-committed fsync after it), so mail keeps flowing; PostgreSQL is the choice for
 * many writers at once.
 */
class SingleWriterTransactionManager extends JpaTransactionManager {
    private final boolean serialize;
    private final Duration wait;
    private final ReentrantLock writer = new ReentrantLock();
    /** Per thread, whether each transaction begun and not yet cleaned up took the lock (innermost last). */
    private final ThreadLocal<Deque<Boolean>> held = ThreadLocal.withInitial(ArrayDeque::new);

    /** {@code wait}: how long a write waits for the one before it, then fails (H2's lock timeout). */
    SingleWriterTransactionManager(EntityManagerFactory entityManagerFactory, boolean serialize, Duration wait) {
        super(entityManagerFactory);
        this.serialize = serialize;
        this.wait = wait;
    }

    /**
     * The connection first, then the lock: a thread that waits for the lock already has all it needs to finish, so
     * the writer holding the lock never waits for a pooled connection that lock-waiters hold (a FETCH that sets
     * \Seen writes from inside a read that keeps its own connection).
     */
    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        super.doBegin(transaction, definition);
        boolean take = serialize && !definition.isReadOnly();
        if (take) {
            try {
                acquire();
            } catch (RuntimeException e) {
                super.doCleanupAfterCompletion(transaction);   // nothing was written: give the connection back
                throw e;
            }
        }
        held.get().push(take);
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        try {
            super.doCleanupAfterCompletion(transaction);
        } finally {
            release();
        }
    }

    private void acquire() {
        try {
            if (!writer.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CannotCreateTransactionException("Another store write has run for over " + wait.toMillis()
                        + " ms (the lock timeout)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CannotCreateTransactionException("Interrupted while waiting to write to the store", e);
        }
    }

    private void release() {
        Deque<Boolean> stack = held.get();
        Boolean took = stack.poll();
        if (stack.isEmpty()) {
            held.remove();
        }
        if (Boolean.TRUE.equals(took)) {
            writer.unlock();
        }
    }

    /** Whether the calling thread is inside a write transaction that holds the lock (for tests). */
    boolean holdsWriteLock() {
        return writer.isHeldByCurrentThread();
    }
}
