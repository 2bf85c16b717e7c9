package dev.mailwright.store;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for one expensive flush (an fsync). A caller joins the round that has not started yet and waits;
 * the first caller to find no round running runs the flush for everyone in its round. A round starts only after
 * every member joined, so the flush covers whatever each member finished before calling {@link #await}.
 * Callers that arrive while a round runs share the next one: one flush per round, however many callers.
 */
final class GroupCommit {
    /** The flush itself; an exception fails every member of its round. */
    interface Flush {
        void run() throws Exception;
    }

    private static final class Round {
        boolean done;
        Exception failure;
    }

    private final Flush flush;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roundDone = lock.newCondition();
    private Round next = new Round();
    private boolean flushing;
    private long rounds;

    GroupCommit(Flush flush) {
        this.flush = flush;
    }

    /** Returns once a flush that started after this call began has completed; throws if that flush failed. */
    void await() throws Exception {
        Round mine;
        lock.lock();
        try {
            mine = next;
        } finally {
            lock.unlock();
        }
        while (true) {
            lock.lock();
            try {
                if (mine.done) {
                    if (mine.failure != null) {
                        throw mine.failure;
                    }
                    return;
                }
                if (flushing) {
                    roundDone.awaitUninterruptibly();
                    continue;
                }
                // nobody flushes and my round is not done: it is still the one collecting members
                flushing = true;
                rounds++;
                next = new Round();
            } finally {
                lock.unlock();
            }
            Exception failure = null;
            try {
                flush.run();
            } catch (Exception e) {
                failure = e;
            } catch (Error e) {
                failure = new IllegalStateException("flush failed", e);
                throw e;
            } finally {
                lock.lock();
                try {
                    mine.done = true;
                    mine.failure = failure;
                    flushing = false;
                    roundDone.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** How many flushes ran: at most one per {@link #await} call, fewer when callers overlapped. */
    long rounds() {
        lock.lock();
        try {
            return rounds;
        } finally {
            lock.unlock();
        }
    }
}
