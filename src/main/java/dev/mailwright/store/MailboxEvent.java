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

    /** The mailbox was deleted, or renamed (then {@code newName} is present). */
    record MailboxChanged(AccountId account, MailboxId mailbox, String oldName, java.util.Optional<String> newName) implements MailboxEvent {
    }
}
