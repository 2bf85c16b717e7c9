package dev.mailwright.imap.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mailwright.imap.command.MailboxCommand;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.MailboxEvent;

/**
 * One session's NOTIFY registration (RFC 5465): the groups it asked for and the account's events waiting to be
 * announced. Events arrive on any thread and are only queued, up to a bound; one more marks the queue overflowed
 * and drops what waits (RFC 5465 §5.8: the session then gets [NOTIFICATIONOVERFLOW] and NOTIFY NONE).
 */
public final class NotifyWatch {
    private final AccountId account;
    private final MailboxCommand.Notify settings;
    private final int maxQueued;
    private final Queue<MailboxEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean overflowed;
    private volatile Runnable waker = () -> { };

    public NotifyWatch(AccountId account, MailboxCommand.Notify settings, int maxQueued) {
        this.account = account;
        this.settings = settings;
        this.maxQueued = maxQueued;
    }

    public MailboxCommand.Notify settings() {
        return settings;
    }

    /** Called from any thread; never blocks. */
    void offer(MailboxEvent event) {
        if (!event.account().equals(account) || overflowed) {
            return;
        }
        if (queued.incrementAndGet() > maxQueued) {
            overflowed = true;
            pending.clear();
        } else {
            pending.add(event);
        }
        waker.run();
    }

    /** Who to wake when an event arrives (an IDLE writer), or nobody. */
    public void wakeOnEvent(Optional<Runnable> waker) {
        this.waker = waker.orElse(() -> { });
    }

    /** What waits: the events in arrival order, or the overflow. */
    public Drained drain() {
        if (overflowed) {
            return new Drained(List.of(), Overflow.OVERFLOWED);
        }
        List<MailboxEvent> events = new ArrayList<>();
        MailboxEvent event;
        while ((event = pending.poll()) != null) {
            events.add(event);
            queued.decrementAndGet();
        }
        return new Drained(events, Overflow.NONE);
    }

    public enum Overflow { NONE, OVERFLOWED }

    public record Drained(List<MailboxEvent> events, Overflow overflow) {
    }
}
