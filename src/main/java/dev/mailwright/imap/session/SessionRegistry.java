package dev.mailwright.imap.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;
import org.springframework.context.event.EventListener;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.MailboxEvent;

/**
 * Routes store events to the sessions that have the mailbox selected, and counts sessions per account.
 * Runs on the publisher's thread: it only queues, never writes to a socket.
 */
@Component
public class SessionRegistry {
    private final Set<SelectedMailbox> selected = ConcurrentHashMap.newKeySet();
    private final Set<NotifyWatch> notifying = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<AccountId, AtomicInteger> perAccount = new ConcurrentHashMap<>();

    /** The store publishes only after commit (see {@link MailboxEvent}), so a plain listener is enough. */
    @EventListener
    public void onMailboxEvent(MailboxEvent event) {
        for (SelectedMailbox mailbox : selected) {
            if (mailbox.id().equals(event.mailbox())) {
                mailbox.offer(event);
            }
        }
        for (NotifyWatch watch : notifying) {
            watch.offer(event);
        }
    }

    /** Sessions with NOTIFY set (RFC 5465): each gets its account's events, queued. */
    public void watchNotify(NotifyWatch watch) {
        notifying.add(watch);
    }

    public void unwatchNotify(NotifyWatch watch) {
        notifying.remove(watch);
    }

    public void watch(SelectedMailbox mailbox) {
        selected.add(mailbox);
    }

    public void unwatch(SelectedMailbox mailbox) {
        selected.remove(mailbox);
    }

    /** Counts a logged-in session; false (and not counted) when the account already has {@code max}. */
    public boolean admit(AccountId account, int max) {
        AtomicInteger count = perAccount.computeIfAbsent(account, a -> new AtomicInteger());
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    public void leave(AccountId account) {
        perAccount.computeIfPresent(account, (a, c) -> c.decrementAndGet() <= 0 ? null : c);
    }
}
