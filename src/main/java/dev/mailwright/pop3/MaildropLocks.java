package dev.mailwright.pop3;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.mailwright.store.AccountId;

/**
 * The exclusive-access lock on a maildrop that RFC 1939 §4 asks for, held by one POP3 session per account on this
 * node. It concerns POP3 only: IMAP sessions never take it and never wait for it.
 */
final class MaildropLocks {
    private final Set<AccountId> held = ConcurrentHashMap.newKeySet();

    /** Whether the caller now holds the lock; false when another session holds it. */
    boolean tryLock(AccountId account) {
        return held.add(account);
    }

    void release(AccountId account) {
        held.remove(account);
    }
}
