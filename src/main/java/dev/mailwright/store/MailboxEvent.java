package dev.mailwright.store;

import java.util.List;

/**
 * Published after the transaction that made the change commits. IMAP sessions turn these into
 * EXISTS / EXPUNGE / FETCH FLAGS; the webmail into live updates. Listeners must not block:
 * they hand the event to the session's own writer.
 */
public sealed interface MailboxEvent {
    AccountId account();

    MailboxId mailbox();

    /** New messages appended, delivered, copied or moved in. */
    record MessagesAdded(AccountId account, MailboxId mailbox, List<Long> uids, long highestModseq) implements MailboxEvent {
    }

    /** Flags or keywords changed; {@code modseq} is the new modseq of all of them. */
    record FlagsChanged(AccountId account, MailboxId mailbox, List<Long> uids, long modseq) implements MailboxEvent {
    }

    /** Messages removed (EXPUNGE, MOVE out). */
    record MessagesExpunged(AccountId account, MailboxId mailbox, List<Long> uids, long modseq) implements MailboxEvent {
    }

    /**
     * A mailbox came into being: CREATE, a parent created with it, a Sieve {@code fileinto :create}, the Junk folder
     * made for a delivery, a parent created by RENAME. {@code name} is the owner's name for it.
     */
    record MailboxCreated(AccountId account, MailboxId mailbox, String name) implements MailboxEvent {
    }

    /**
     * The account subscribed to {@code name} or (with {@code subscribed} false) unsubscribed from it; only a real
     * change is published. {@code mailbox}: the mailbox of that name, or {@link #NO_MAILBOX} when there is none (a
     * subscription may name a mailbox that does not exist, RFC 3501 §6.3.6).
     */
    record SubscriptionChanged(AccountId account, MailboxId mailbox, String name, boolean subscribed) implements MailboxEvent {
    }

    /** The id of no mailbox (ids start at 1). */
    MailboxId NO_MAILBOX = new MailboxId(0);

    /** The mailbox was deleted, or renamed (then {@code newName} is present). */
    record MailboxChanged(AccountId account, MailboxId mailbox, String oldName, java.util.Optional<String> newName) implements MailboxEvent {
    }
}
