package dev.mailwright.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Each account's Sieve scripts (several stored, at most one active) and the vacation replies they sent. The store
 * keeps text; compiling is the caller's business (ManageSieve and the webmail compile before they store, delivery
 * compiles what it reads).
 */
public interface SieveScripts {
    record Script(String name, String content, boolean active, Instant updatedAt) {
    }

    List<Script> list(AccountId account);

    Optional<Script> get(AccountId account, String name);

    Optional<Script> active(AccountId account);

    /** Creates or replaces the named script; its active state stays as it was (new scripts are inactive). */
    void put(AccountId account, String name, String content);

    /** What {@link #put(AccountId, String, String, int)} did. */
    enum PutOutcome { STORED, TOO_MANY_SCRIPTS }

    /**
     * Like {@link #put(AccountId, String, String)}, but a script of a new name is refused when the account already has
     * {@code maxScripts} scripts: counted and stored in one transaction under the account's lock, so two uploads at
     * once cannot both pass the count.
     */
    PutOutcome put(AccountId account, String name, String content, int maxScripts);

    /** How many scripts the account has. */
    int count(AccountId account);

    /** Makes the named script the active one (and no other); an empty name deactivates all. False if no such script. */
    boolean activate(AccountId account, Optional<String> name);

    /** False if no such script. Deleting the active script is refused ({@link StoreException.MailboxNotAllowed}). */
    boolean delete(AccountId account, String name);

    /** False if {@code from} does not exist; {@link StoreException.MailboxExists} if {@code to} does. */
    boolean rename(AccountId account, String from, String to);

    /**
     * Records that {@code handle}'s reply goes to {@code sender} now, unless it went there less than {@code period}
     * ago: true when the reply should be sent (RFC 5230 §4.2). One transaction, so two deliveries at once answer once.
     */
    boolean claimVacationReply(AccountId account, String handle, String sender, Duration period, Instant now);

    /** The last failure of an account's script at delivery (the message went to the INBOX). */
    record RunError(String scriptName, String message, Instant at) {
    }

    /** The longest error text kept; longer ones are cut. */
    int MAX_ERROR_LENGTH = 1000;

    /** Remembers the account's last script failure at delivery (replacing the one before). */
    void recordError(AccountId account, String scriptName, String message, Instant at);

    Optional<RunError> lastError(AccountId account);

    void clearError(AccountId account);

    /** Accounts that have a script of this name (the webmail's pages look after theirs). */
    List<AccountId> accountsWithScript(String name);
}
