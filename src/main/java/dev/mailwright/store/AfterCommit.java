package dev.mailwright.store;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work that must only follow what the database kept: a search-index deletion, a cached answer forgotten, an event
 * announced. It waits for the current transaction's commit.
 */
public final class AfterCommit {
    private AfterCommit() {
    }

    /** Runs {@code action} once the current transaction has committed (never if it rolls back); at once outside one. */
    public static void run(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
