package dev.mailwright.imap.session;

import java.util.Optional;

import dev.mailwright.store.Right;
import dev.mailwright.store.Rights;

/**
 * A session's rights on the selected mailbox when it is someone else's (RFC 4314), as last read: at SELECT, then before
 * each command, so the owner's SETACL reaches the session at its next command. Empty for an own mailbox, whose owner
 * has every right for good. Read by the session's thread and its IDLE writer, hence volatile.
 */
public final class SharedRights {
    private volatile Optional<Rights> rights = Optional.empty();
    private volatile boolean withdrawn;

    public Optional<Rights> current() {
        return rights;
    }

    public void update(Rights now) {
        rights = Optional.of(now);
    }

    /** Whether FETCH of a body may set \Seen: always in an own mailbox, with the {@code s} right in a shared one. */
    public boolean mayKeepSeen() {
        return rights.map(r -> r.has(Right.KEEP_SEEN)).orElse(true);
    }

    /** The {@code r} right was taken away: the session can no longer use the mailbox. */
    public void withdraw() {
        withdrawn = true;
    }

    public boolean isWithdrawn() {
        return withdrawn;
    }
}
