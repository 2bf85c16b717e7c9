package dev.mailwright.store.search;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Index work that must only follow what the database kept: a deletion waits for its transaction's commit. */
final class AfterCommit {
    private AfterCommit() {
    }

    /** Runs {@code action} once the current transaction has committed (never if it rolls back); at once outside one. */
    static void run(Runnable action) {
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
