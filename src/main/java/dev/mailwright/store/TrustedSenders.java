package dev.mailwright.store;

import java.util.List;

/**
 * The senders whose remote content an account always wants shown, by address (compared without case). The store
 * only remembers the choice; the webmail decides when it applies (never to a message whose sender failed
 * authentication).
 */
public interface TrustedSenders {
    /** What {@link #add} did. */
    enum Added { ADDED, ALREADY_TRUSTED, LIMIT_REACHED }

    /** The account's trusted addresses (lower case), sorted. */
    List<String> list(AccountId account);

    boolean trusts(AccountId account, String address);

    /** Adds the address unless the account already trusts {@code limit} senders (counted in the same transaction). */
    Added add(AccountId account, String address, int limit);

    /** False when the address was not trusted. */
    boolean remove(AccountId account, String address);
}
