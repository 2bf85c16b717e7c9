package dev.mailwright.store;

import java.util.List;
import java.util.Optional;

/**
 * The addresses an account sends as, besides its own (which is the implicit first identity, with the account's
 * display name and signature): each an address the account owns ({@link AccountStore#maySendAs}), with a display
 * name and a signature of its own.
 */
public interface Identities {
    record Identity(long id, String address, String displayName, String signature) {
    }

    /** Ordered by address. */
    List<Identity> list(AccountId account);

    Optional<Identity> find(AccountId account, long id);

    /** What {@link #add} did. */
    sealed interface Added {
        record Stored(Identity identity) implements Added {
        }

        /** The account may not send as this address (not its own, not one of its aliases). */
        record NotOwned() implements Added {
        }

        /** The account's own address, or an address it already has an identity for. */
        record AlreadyThere() implements Added {
        }
    }

    /** Adds an identity after checking, in the same transaction, that the account owns the address. */
    Added add(AccountId account, String address, String displayName, String signature);

    /** False when the account has no such identity. */
    boolean update(AccountId account, long id, String displayName, String signature);

    /** False when the account has no such identity. */
    boolean delete(AccountId account, long id);
}
