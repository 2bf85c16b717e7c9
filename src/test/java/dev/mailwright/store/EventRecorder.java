package dev.mailwright.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A plain {@code @EventListener} that records every {@link MailboxEvent}, and for {@code MessagesAdded} checks
 * from a different thread (another connection) that the new UIDs are already committed and visible.
 */
@TestComponent
class EventRecorder {
    final List<MailboxEvent> events = new CopyOnWriteArrayList<>();
    final List<String> visibilityFailures = new CopyOnWriteArrayList<>();
    /** What a {@code @TransactionalEventListener(fallbackExecution = true)} consumer (the IMAP sessions) receives. */
    final List<MailboxEvent> transactionalEvents = new CopyOnWriteArrayList<>();
    private final MailStore store;

    EventRecorder(MailStore store) {
        this.store = store;
    }

    @EventListener
    void on(MailboxEvent event) throws InterruptedException {
        events.add(event);
        if (event instanceof MailboxEvent.MessagesAdded added) {
            AtomicReference<Boolean> seen = new AtomicReference<>(false);
            Thread reader = Thread.ofVirtual().start(() -> store.forEachMessage(added.mailbox(), ref -> {
                if (ref.uid() == added.uids().getLast()) {
                    seen.set(true);
                }
            }));
            reader.join(10_000);
            if (!seen.get()) {
                visibilityFailures.add("UID " + added.uids() + " not visible when " + event + " arrived");
            }
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onTransactional(MailboxEvent event) {
        transactionalEvents.add(event);
    }

    List<MailboxEvent> of(MailboxId mailbox) {
        return events.stream().filter(e -> e.mailbox().equals(mailbox)).toList();
    }
}
