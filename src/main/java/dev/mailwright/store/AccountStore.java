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

    /** The webmail language chosen in Settings (a language tag such as {@code ko}); empty: follow the browser. */
    Optional<String> language(String address);

    /** Sets the webmail language; blank clears it. A language tag of at most 16 characters. */
    void updateLanguage(AccountId id, String language);
    /** Removes a domain added at run time; refuses configured domains and domains that still have accounts or aliases. */
    void removeDomain(String domain);

    /** Sets both limits of an account; new accounts get {@code mailwright.quota.*}. */
    void setQuota(AccountId id, Quota quota);

    /** What the account holds now, with its limits. */
    Quota.Usage quotaUsage(AccountId id);

    /**
     * Whether the account has a quota limit at all (a limit set on another node is seen within the look-up cache's
     * time to live, as when a delivery reserves room): without one, no message is refused for quota.
     */
    boolean quotaLimited(AccountId id);

    void setAdmin(AccountId id, boolean admin);

    /** {@code source}: full address, or {@code @domain} for a catch-all. */
    void addAlias(String source, AccountId target);

    /**
     * An alias that forwards to an address outside the local domains, through the outbound queue. Only aliases an
     * admin defined forward: this is not a relay for anyone else.
     */
    void addForward(String source, String externalAddress);

    /** Every alias, ordered by source. */
    List<Alias> aliases();

    void removeAlias(String source);

    List<String> aliasesOf(AccountId id);

    /**
     * Resolves a recipient in a local domain: exact account, then exact alias, then {@code user+tag@}
     * as {@code user@}, then the domain's catch-all. Empty when nobody receives it.
     */
    Optional<AccountId> resolveRecipient(String address);

    /** Like {@link #resolveRecipient}, but also finds aliases that forward to an external address. */
    Optional<Destination> resolveDestination(String address);

    /** Whether {@code account} may use {@code address} as sender: its own address or one of its aliases. */
    boolean maySendAs(AccountId account, String address);

    /** Where mail for an alias goes. */
    sealed interface Destination {
        /**
         * {@code detail}: what followed the {@code +} when the address reached the account only as {@code user+detail@}
         * (RFC 5233), in the case it was written; {@link MailStore#detailMailbox} says where it files.
         */
        record Local(AccountId account, java.util.Optional<String> detail) implements Destination {
            public Local(AccountId account) {
                this(account, java.util.Optional.empty());
            }
        }

        record Forward(String address) implements Destination {
        }
    }

    record Alias(String source, Destination destination) {
    }

    record Account(AccountId id, String address, String passwordHash, boolean admin, boolean enabled,
                   String displayName) {
        @Override
        public String toString() {
            return "Account[" + id.value() + ", " + address + "]";   // never print the hash
        }
    }
}
