package dev.mailwright.store;

import java.util.Locale;
import java.util.Optional;

/**
 * The shared namespace (RFC 2342, NAMESPACE's third part): another account's mailbox {@code Team} shared with the
 * caller is seen as {@code Shared/owner@example.com/Team}. The top level {@code Shared} of an account is reserved for
 * it: no account can create a mailbox of its own there.
 */
public final class SharedNamespace {
    /** The namespace's prefix as NAMESPACE announces it, delimiter included. */
    public static final String PREFIX = "Shared/";
    static final String ROOT = "Shared";

    private SharedNamespace() {
    }

    /** A normalized name inside the namespace: the owner's address (lower-cased) and the owner's own name, if any. */
    record SharedName(String ownerAddress, Optional<String> ownName) {
    }

    static boolean isShared(String normalized) {
        return normalized.equals(ROOT) || normalized.startsWith(PREFIX);
    }

    /** Empty for a name outside the namespace, and for {@code Shared} itself. */
    static Optional<SharedName> parse(String normalized) {
        if (!normalized.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = normalized.substring(PREFIX.length());
        int slash = rest.indexOf(MailboxNames.DELIMITER);
        if (slash < 0) {
            return Optional.of(new SharedName(rest.toLowerCase(Locale.ROOT), Optional.empty()));
        }
        String own = MailboxNames.normalize(rest.substring(slash + 1));
        return Optional.of(new SharedName(rest.substring(0, slash).toLowerCase(Locale.ROOT), Optional.of(own)));
    }

    static String visibleName(String ownerAddress, String ownName) {
        return PREFIX + ownerAddress + MailboxNames.DELIMITER + ownName;
    }
}
