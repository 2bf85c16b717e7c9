package dev.mailwright.store;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Collects {@link MailboxEvent}s raised inside a store transaction and publishes them through Spring's
 * {@link ApplicationEventPublisher} only after that transaction commits (in order); a rollback drops them.
 * Consumers can therefore use a plain {@code @EventListener}: every event they see describes committed
 * state. Listeners run on the committing thread and must not block (hand the event to a session's writer).
 * {@link ClusterEvents} carries the same events to other nodes on a shared PostgreSQL database.
 */
@Component
class AfterCommitEvents {
    private final ApplicationEventPublisher publisher;
    private final ClusterEvents cluster;

    AfterCommitEvents(ApplicationEventPublisher publisher, ClusterEvents cluster) {
        this.publisher = publisher;
        this.cluster = cluster;
    }

    void publish(MailboxEvent event) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            cluster.announce(List.of(event));
            publisher.publishEvent(event);
            return;
        }
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.events.add(event);
    }

    /** How many events the current transaction has raised so far: a mark for {@link #rollbackTo}. */
    int mark() {
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        return pending == null ? 0 : pending.events.size();
    }

    /** Drops the events raised since {@code mark}: the work after a savepoint was rolled back (WriteBatches). */
    void rollbackTo(int mark) {
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending != null) {
            pending.events.subList(mark, pending.events.size()).clear();
        }
    }

    /** Whether {@code synchronization} is the one that publishes this transaction's events (WriteBatches). */
    boolean collects(TransactionSynchronization synchronization) {
        return synchronization instanceof Pending;
    }

    private final class Pending implements TransactionSynchronization {
        private final List<MailboxEvent> events = new ArrayList<>();

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(AfterCommitEvents.this);
        }

        /** Still inside the transaction: other nodes get the events exactly when it commits. */
        @Override
        public void beforeCommit(boolean readOnly) {
            cluster.announce(events);
        }

        @Override
        public void afterCommit() {
            for (MailboxEvent event : events) {
                publisher.publishEvent(event);
            }
        }
    }
}
