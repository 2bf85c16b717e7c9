package dev.mailwright.admin;

import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountRefusal;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.AccountStore.Destination;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.OutboundQueue;
import dev.mailwright.store.Quota;

/**
 * What an administrator can do, shared by the admin web pages and the {@code admin} command line. Every refusal is an
 * {@link IllegalArgumentException} (bad input) or {@link IllegalStateException} (not possible now) with a message meant
 * for the admin; {@link NoSuchElementException} when the account or queue entry does not exist.
 */
@Service
public class AdminOperations {
    /** The shortest password an admin may set. */
    public static final int MIN_PASSWORD_LENGTH = 8;

    private final AccountStore accounts;
    private final OutboundQueue queue;
    private final PasswordEncoder encoder;
    private final MailStore store;

    AdminOperations(AccountStore accounts, OutboundQueue queue, PasswordEncoder encoder, MailStore store) {
        this.store = store;
        this.accounts = accounts;
        this.queue = queue;
        this.encoder = encoder;
    }

    /** One account as the admin pages and {@code account list} show it. */
    public record AccountRow(String address, boolean admin, boolean enabled, Quota.Usage usage) {
    }

    // ---- domains ----

    public List<String> domains() {
        return accounts.domains();
    }

    public void addDomain(String domain) {
        accounts.ensureDomain(domain);
    }

    public void removeDomain(String domain) {
        accounts.removeDomain(domain);
    }

    // ---- shared mailboxes (RFC 4314), set on the owner's behalf ----

    /** The ACL of one of {@code owner}'s mailboxes: the owner first, then each identifier. */
    public List<MailStore.AclEntry> acl(String owner, String mailbox) {
        return store.acl(accountId(owner), mailbox);
    }

    /**
     * Gives {@code identifier} (an account's address or {@code anyone}) rights on one of {@code owner}'s mailboxes:
     * {@code lrs} replaces, {@code +w} adds, {@code -w} removes.
     */
    public void share(String owner, String mailbox, String identifier, String rights) {
        store.changeRights(accountId(owner), mailbox, identifier, MailStore.RightsChange.parse(rights));
    }

    public void unshare(String owner, String mailbox, String identifier) {
        store.deleteRights(accountId(owner), mailbox, identifier);
    }

    private AccountId accountId(String address) {
        return accounts.findAccount(address).map(Account::id)
                .orElseThrow(() -> new NoSuchElementException("No such account: " + address));
    }

    // ---- accounts ----

    public List<AccountRow> accounts() {
        return accounts.accounts().stream()
                .map(a -> new AccountRow(a.address(), a.admin(), a.enabled(), accounts.quotaUsage(a.id()))).toList();
    }

    public AccountRow account(String address) {
        Account a = require(address);
        return new AccountRow(a.address(), a.admin(), a.enabled(), accounts.quotaUsage(a.id()));
    }

    /** Creates an account in a local domain; {@code quota} empty keeps the configured default. */
    public AccountRow createAccount(String address, String password, Role role, java.util.Optional<Quota> quota) {
        String given = address == null ? "" : address.trim();
        String domain = given.substring(given.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (!given.contains("@") || domain.isEmpty() || !accounts.isLocalDomain(domain)) {
            throw new AccountRefusal(AccountRefusal.Reason.ACCOUNT_DOMAIN_NOT_LOCAL, address);
        }
        checkPassword(password);
        Account created = accounts.createAccount(given, encoder.encode(password), role == Role.ADMIN);
        quota.ifPresent(q -> accounts.setQuota(created.id(), q));
        return account(created.address());
    }

    public void setEnabled(String address, Status status) {
        accounts.setEnabled(require(address).id(), status == Status.ENABLED);
    }

    public void setRole(String address, Role role) {
        accounts.setAdmin(require(address).id(), role == Role.ADMIN);
    }

    public void resetPassword(String address, String password) {
        checkPassword(password);
        accounts.updatePasswordHash(require(address).id(), encoder.encode(password));
    }

    public void setQuota(String address, Quota quota) {
        accounts.setQuota(require(address).id(), quota);
    }

    public enum Role { USER, ADMIN }

    public enum Status { ENABLED, DISABLED }

    // ---- aliases ----

    public List<AccountStore.Alias> aliases() {
        return accounts.aliases();
    }

    /**
     * {@code source}: an address or {@code @domain} (catch-all) in a local domain. {@code target}: an account here, or
     * an address outside the local domains (forwarded through the outbound queue).
     */
    public void addAlias(String source, String target) {
        String to = target == null ? "" : target.trim();
        int at = to.lastIndexOf('@');
        if (at <= 0 || at == to.length() - 1) {
            throw new AccountRefusal(AccountRefusal.Reason.INVALID_TARGET, target);
        }
        if (accounts.isLocalDomain(to.substring(at + 1))) {
            AccountId account = accounts.findAccount(to)
                    .orElseThrow(() -> new AccountRefusal(AccountRefusal.Reason.LOCAL_TARGET_NOT_ACCOUNT, to)).id();
            String from = source == null ? "" : source.trim();
            String sourceDomain = from.substring(from.lastIndexOf('@') + 1);
            if (!accounts.isLocalDomain(sourceDomain)) {
                throw new AccountRefusal(AccountRefusal.Reason.DOMAIN_NOT_LOCAL, sourceDomain);
            }
            accounts.addAlias(from, account);
        } else {
            accounts.addForward(source, to);
        }
    }

    public void removeAlias(String source) {
        accounts.removeAlias(source);
    }

    /** The alias target as one word: the account address or the external address. */
    public String describe(Destination destination) {
        return switch (destination) {
            case Destination.Local local -> accounts.findAccount(local.account()).map(Account::address).orElse("#" + local.account().value());
            case Destination.Forward forward -> forward.address();
        };
    }

    // ---- outbound queue ----

    public List<OutboundQueue.Entry> queue() {
        return queue.entries();
    }

    public void retryNow(long id) {
        queue.entry(id).orElseThrow(() -> new NoSuchElementException("No queue entry " + id));
        queue.retryNow(id);
    }

    public void deleteQueued(long id) {
        queue.entry(id).orElseThrow(() -> new NoSuchElementException("No queue entry " + id));
        queue.delete(id);
    }

    private Account require(String address) {
        return accounts.findAccount(address == null ? "" : address)
                .orElseThrow(() -> new NoSuchElementException("No account " + address));
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new AccountRefusal(AccountRefusal.Reason.PASSWORD_TOO_SHORT, MIN_PASSWORD_LENGTH);
        }
    }
}
