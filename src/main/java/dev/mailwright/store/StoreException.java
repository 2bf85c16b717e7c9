package dev.mailwright.store;

/**
 * Why the store cannot do what was asked. Protocols map each case once: IMAP to
 * {@code TRYCREATE}/{@code ALREADYEXISTS}/{@code OVERQUOTA}/{@code NONEXISTENT}, SMTP to 550/452/451.
 */
public sealed abstract class StoreException extends RuntimeException {
    protected StoreException(String message) {
        super(message);
    }

    protected StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public static final class MailboxNotFound extends StoreException {
        public MailboxNotFound(String name) {
            super("No such mailbox: " + name);
        }
    }

    public static final class MailboxExists extends StoreException {
        public MailboxExists(String name) {
            super("Mailbox already exists: " + name);
        }
    }

    /** The operation is not allowed on this mailbox (deleting INBOX, renaming into itself, bad name). */
    public static final class MailboxNotAllowed extends StoreException {
        public MailboxNotAllowed(String reason) {
            super(reason);
        }
    }

    /**
     * The caller may see the mailbox but lacks a right the operation needs (RFC 4314). IMAP answers
     * {@code NO [NOPERM]}; a mailbox the caller may not even see is {@link MailboxNotFound} instead.
     */
    public static final class PermissionDenied extends StoreException {
        private final Right missing;

        public PermissionDenied(Right missing) {
            super("Permission denied: the '" + missing.letter() + "' right is needed");
            this.missing = missing;
        }

        public Right missing() {
            return missing;
        }
    }

    public static final class AccountNotFound extends StoreException {
        public AccountNotFound(String address) {
            super("No such account: " + address);
        }
    }

    public static final class OverQuota extends StoreException {
        public OverQuota(String message) {
            super(message);
        }
    }

    /** The database or blob store failed; nothing was committed. SMTP answers 451 4.3.0. */
    public static sealed class StorageFailure extends StoreException permits StorageFull {
        public StorageFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The data directory has no room (below {@code mailwright.disk.min-free-space}, or the file system said ENOSPC);
     * nothing was committed. SMTP answers 452 4.3.1, IMAP {@code NO [OVERQUOTA]}. A kind of {@link StorageFailure},
     * so a caller that maps only that one still answers "try again later".
     */
    public static final class StorageFull extends StorageFailure {
        public StorageFull(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
