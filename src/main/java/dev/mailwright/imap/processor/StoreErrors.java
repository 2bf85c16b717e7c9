package dev.mailwright.imap.processor;

import dev.mailwright.store.StoreException;

/** The one mapping from store failures to IMAP response codes (RFC 5530). */
public final class StoreErrors {

    /** Whether a missing mailbox is the target of an APPEND/COPY/MOVE (then the client may create it). */
    public enum Role { TARGET, SUBJECT }

    private StoreErrors() {
    }

    public static ImapException toImap(StoreException e, Role role) {
        return switch (e) {
            case StoreException.MailboxNotFound m -> ImapException.no(role == Role.TARGET ? "TRYCREATE" : "NONEXISTENT", m.getMessage());
            case StoreException.MailboxExists m -> ImapException.no("ALREADYEXISTS", m.getMessage());
            case StoreException.MailboxNotAllowed m -> ImapException.no("CANNOT", m.getMessage());
            case StoreException.AccountNotFound m -> ImapException.no("NONEXISTENT", m.getMessage());
            case StoreException.PermissionDenied m -> ImapException.no("NOPERM", m.getMessage());
            case StoreException.OverQuota m -> ImapException.no("OVERQUOTA", m.getMessage());
            case StoreException.StorageFull m -> ImapException.no("OVERQUOTA", "The server's mail storage is full, try again later");
            case StoreException.StorageFailure m -> ImapException.no("UNAVAILABLE", "Storage temporarily unavailable, try again");
        };
    }
}
