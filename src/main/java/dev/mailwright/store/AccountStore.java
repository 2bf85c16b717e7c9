package dev.mailwright.store;

import java.util.List;
import java.util.Optional;

/**
 * Domains, accounts and aliases. Password hashes are produced by {@code auth}; the store only keeps them.
 * Addresses are compared case-insensitively; the domain part is kept lower-case.
 */
public interface AccountStore {

    void ensureDomain(String domain);

    List<String> domains();

    boolean isLocalDomain(String domain);

    /** Creates the account with INBOX, Drafts, Sent, Trash, Junk and Archive, all subscribed. */
    Account createAccount(String address, String passwordHash, boolean admin);

    Optional<Account> findAccount(String address);

    Optional<Account> findAccount(AccountId id);

    List<Account> accounts();

    void updatePasswordHash(AccountId id, String passwordHash);

    /** The name shown in From headers the webmail writes; empty clears it. */
    void updateDisplayName(AccountId id, String displayName);

    void setEnabled(AccountId id, boolean enabled);

    /** The webmail signature (plain text without the "-- " separator line); empty when none is set. */
    Optional<String> signature(AccountId id);

    /** Sets the webmail signature; blank clears it. At most 4000 characters. */
    void updateSignature(AccountId id, String signature);

    /** {@code source}: full address, or {@code @domain} for a catch-all. */
    void addAlias(String source, AccountId target);

    void removeAlias(String source);

    List<String> aliasesOf(AccountId id);

    /**
     * Resolves a recipient in a local domain: exact account, then exact alias, then {@code user+tag@}
     * as {@code user@}, then the domain's catch-all. Empty when nobody receives it.
     */
    Optional<AccountId> resolveRecipient(String address);

    /** Whether {@code account} may use {@code address} as sender: its own address or one of its aliases. */
    boolean maySendAs(AccountId account, String address);

    record Account(AccountId id, String address, String passwordHash, boolean admin, boolean enabled,
                   String displayName) {
        @Override
        public String toString() {
            return "Account[" + id.value() + ", " + address + "]";   // never print the hash
        }
    }
}
