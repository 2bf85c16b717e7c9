package dev.mailwright.sieve;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What a script decided for one message; the delivery layer carries these out. */
public sealed interface SieveAction {
    /** File into the INBOX (explicit {@code keep} or the implicit keep) with these IMAP flags. */
    record Keep(Set<String> flags) implements SieveAction {
    }

    record FileInto(String mailbox, Set<String> flags, boolean create) implements SieveAction {
    }

    record Redirect(String address) implements SieveAction {
    }

    record Discard() implements SieveAction {
    }

    /** {@code reject} (a message back to the sender) or {@code ereject} (refused at SMTP time when possible). */
    record Reject(String reason, boolean extended) implements SieveAction {
    }

    /**
     * An auto-reply, RFC 5230. {@code handle} identifies the reply for the once-per-period rule together with the
     * sender; {@code period} is in seconds ({@code :days} converted). The delivery layer decides whether the
     * sender is answered ({@link VacationRules}) and remembers it.
     */
    record Vacation(String reason, Optional<String> subject, Optional<String> from, List<String> addresses,
                    boolean mime, String handle, long periodSeconds) implements SieveAction {
    }
}
