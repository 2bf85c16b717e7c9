package dev.mailwright.store;

import java.util.function.Supplier;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs store work in one transaction and maps infrastructure failures to
 * {@link StoreException.StorageFailure}. A {@link StoreException} thrown inside rolls back and passes through.
 * An outermost write returns only once its commit is durable ({@link CommitDurability}): whatever the caller
 * acknowledges next (250, OK) survives a crash.
 */
@Component
class StoreTransactions {
    private final TransactionTemplate readWrite;
    private final TransactionTemplate separateWrite;
    private final TransactionTemplate readOnly;
    private final CommitDurability durability;

    StoreTransactions(PlatformTransactionManager transactions, CommitDurability durability) {
        this.durability = durability;
        this.readWrite = new TransactionTemplate(transactions);
        this.separateWrite = new TransactionTemplate(transactions);
        this.separateWrite.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * Joins a surrounding write transaction (one mutation built from several), but a write issued from inside a
     * streamed read (a FETCH callback that sets \Seen) gets its own transaction: it must commit when it returns.
     */
    <T> T write(Supplier<T> work) {
        boolean active = TransactionSynchronizationManager.isActualTransactionActive();
        boolean insideRead = active && TransactionSynchronizationManager.isCurrentTransactionReadOnly();
        T result = run(insideRead ? separateWrite : readWrite, work);
        if (!active || insideRead) {
            // this call committed (a joined write is made durable by the outermost one, after its commit)
            durability.awaitDurable();
        }
        return result;
    }

    void write(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }

    <T> T read(Supplier<T> work) {
        return run(readOnly, work);
    }

    /**
     * One read statement, which is consistent by itself: run on a pooled connection in auto-commit (or inside the
     * caller's transaction, if one is running) instead of beginning a transaction for it. For look-ups every
     * message makes (issue 17: beginning the JPA transaction cost more than the query).
     */
    <T> T readStatement(Supplier<T> statement) {
        try {
            return statement.get();
        } catch (DataAccessException e) {
            throw storeFailure(e);
        }
    }

    void read(Runnable work) {
        run(readOnly, () -> {
            work.run();
            return null;
        });
    }

    private static <T> T run(TransactionTemplate template, Supplier<T> work) {
        try {
            return template.execute(status -> work.get());
        } catch (DataAccessException | TransactionException e) {
            throw storeFailure(e);
        }
    }

    /**
     * What the protocols see of an infrastructure failure ({@link DataAccessException}, {@link TransactionException}):
     * {@link StoreException.StorageFull} when the disk is full, else {@link StoreException.StorageFailure}; any other
     * exception (a {@link StoreException} among them) is returned as it is.
     */
    static RuntimeException storeFailure(RuntimeException e) {
        if (!(e instanceof DataAccessException) && !(e instanceof TransactionException)) {
            return e;
        }
        if (DiskSpace.isNoSpace(e)) {
            return new StoreException.StorageFull("Mail store transaction failed, the disk is full: " + e.getMessage(), e);
        }
        return new StoreException.StorageFailure("Mail store transaction failed: " + e.getMessage(), e);
    }
}
