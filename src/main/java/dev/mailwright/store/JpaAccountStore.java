package dev.mailwright.store;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.mailwright.config.MailwrightProperties;

/**
 * Accounts, domains and aliases through JPA; the default folders are created with the account, in the same
 * transaction. Local domains are the configured {@code mailwright.domains} plus the {@code domain} table.
 * Recipient resolution runs for every RCPT and MAIL FROM, so it is plain JDBC: one narrow statement per
 * lookup step instead of a JPA query and entity load.
 */
@Service
class JpaAccountStore implements AccountStore {
    /**
     * The look-ups every webmail request (three of them), sign-in and SMTP authentication makes read the row with plain
     * JDBC: through the ORM each also built an entity in a persistence context, and Hibernate's query interpretation
     * was a visible part of the first webmail pages' profile after a start (issue 17).
     */
    private static final String ACCOUNT_ROW = "SELECT id, address, password_hash, admin, enabled, display_name FROM account";
    private final StoreTransactions tx;
    private final DomainRepository domainRepository;
    /** Whether a name is in the domain table: asked for the sender's domain of every MX message (issue 17). */
    private final RecentLookups<String, Boolean> storedDomains;
    /**
     * The account or alias of exactly this (lower-case) address: asked at every RCPT (issue 17). Only found answers are
     * kept, so a flood of unknown recipients neither fills nor clears it; every write of an account or alias forgets
     * them all ({@link #destinationsChanged}).
     */
    private final RecentLookups<String, Optional<Destination>> exactDestinations;
    private final AccountRepository accountRepository;
    private final AliasRepository aliasRepository;
    private final MailboxMutations mailboxMutations;
    private final MailwrightProperties properties;
    private final QuotaGuard quotas;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    JpaAccountStore(StoreTransactions tx, DomainRepository domainRepository, AccountRepository accountRepository,
                    AliasRepository aliasRepository, MailboxMutations mailboxMutations, MailwrightProperties properties,
                    QuotaGuard quotas, JdbcClient jdbc, ApplicationEventPublisher events) {
        this.events = events;
        this.quotas = quotas;
        this.jdbc = jdbc;
        this.tx = tx;
        this.domainRepository = domainRepository;
        this.accountRepository = accountRepository;
        this.aliasRepository = aliasRepository;
        this.mailboxMutations = mailboxMutations;
        this.properties = properties;
        this.storedDomains = new RecentLookups<>(properties.lookupCache().ttl(), properties.lookupCache().maxEntries());
        this.exactDestinations = new RecentLookups<>(properties.lookupCache().ttl(), properties.lookupCache().maxEntries());
    }

    /**
     * An account or alias was written: the kept destinations are forgotten now (a look-up reading meanwhile does not
     * keep its answer) and again once the caller's transaction committed, when the write ran inside one.
     */
    private void destinationsChanged() {
        exactDestinations.forgetAll();
        AfterCommit.run(exactDestinations::forgetAll);
    }

    @Override
    public void ensureDomain(String domain) {
        String name = normalizeDomain(domain);
        try {
            tx.write(() -> {
                if (domainRepository.findByName(name).isEmpty()) {
                    domainRepository.save(new DomainEntity(name));
                }
            });
        } finally {
            storedDomains.forgetAll();
        }
    }

    @Override
    public List<String> domains() {
        List<String> stored = tx.read(() -> domainRepository.findAllByOrderByNameAsc().stream().map(DomainEntity::name).toList());
        return java.util.stream.Stream.concat(properties.domains().stream(), stored.stream()).distinct().sorted().toList();
    }

    @Override
    public boolean isLocalDomain(String domain) {
        String name = domain.trim().toLowerCase(Locale.ROOT);
        return properties.domains().contains(name) || storedDomains.get(name, () -> tx.readStatement(() -> jdbc.sql(
                "SELECT COUNT(*) FROM domain WHERE name = ?").param(name).query(Long.class).single() > 0));
    }

    @Override
    public Account createAccount(String address, String passwordHash, boolean admin) {
        String normalized = normalizeAddress(address);
        try {
            return insertAccount(normalized, passwordHash, admin);
        } finally {
            destinationsChanged();   // an address that was an alias's is the account's now
        }
    }

    private Account insertAccount(String normalized, String passwordHash, boolean admin) {
        return tx.write(() -> {
            if (accountRepository.findByAddressLower(normalized.toLowerCase(Locale.ROOT)).isPresent()) {
                throw new AccountRefusal(AccountRefusal.Reason.ACCOUNT_EXISTS, normalized);
            }
            AccountEntity created = new AccountEntity(normalized, passwordHash, admin, Instant.now());
            MailwrightProperties.Quota defaults = properties.quota();
            created.setQuota(Quota.of(defaults.defaultStorage() == null ? null : defaults.defaultStorage().toBytes(),
                    defaults.defaultMessages()));
            AccountEntity account = accountRepository.saveAndFlush(created);
            long id = account.id();
            mailboxMutations.createWithParents(id, MailboxNames.INBOX, Optional.empty());
            mailboxMutations.subscribeInTransaction(id, MailboxNames.INBOX);
            for (SpecialUse use : SpecialUse.values()) {
                mailboxMutations.createWithParents(id, use.defaultName(), Optional.of(use));
                mailboxMutations.subscribeInTransaction(id, use.defaultName());
            }
            return account.toRecord();
        });
    }

    @Override
    public Optional<Account> findAccount(String address) {
        String lower = address.trim().toLowerCase(Locale.ROOT);
        return tx.read(() -> jdbc.sql(ACCOUNT_ROW + " WHERE address_lower = ?").param(lower).query(JpaAccountStore::account)
                .optional());
    }

    @Override
    public Optional<Account> findAccount(AccountId id) {
        return tx.read(() -> jdbc.sql(ACCOUNT_ROW + " WHERE id = ?").param(id.value()).query(JpaAccountStore::account).optional());
    }

    private static Account account(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Account(new AccountId(rs.getLong("id")), rs.getString("address"), rs.getString("password_hash"),
                rs.getBoolean("admin"), rs.getBoolean("enabled"), rs.getString("display_name"));
    }

    @Override
    public List<Account> accounts() {
        return tx.read(() -> accountRepository.findAllByOrderByAddressLowerAsc().stream().map(AccountEntity::toRecord).toList());
    }

    @Override
    public void updatePasswordHash(AccountId id, String passwordHash) {
        tx.write(() -> require(id).setPasswordHash(passwordHash));
        announce(new AccountAccessChanged(id, AccountAccessChanged.Change.PASSWORD));
    }

    @Override
    public void updateDisplayName(AccountId id, String displayName) {
        String name = displayName == null || displayName.isBlank() ? null : displayName.strip();
        tx.write(() -> require(id).setDisplayName(name));
    }

    @Override
    public Optional<String> signature(AccountId id) {
        return tx.read(() -> Optional.ofNullable(require(id).signature()));
    }

    @Override
    public void updateSignature(AccountId id, String signature) {
        String value = signature == null || signature.isBlank() ? null : signature.replace("\r\n", "\n").stripTrailing();
        if (value != null && value.length() > 4000) {
            throw new AccountRefusal(AccountRefusal.Reason.SIGNATURE_TOO_LONG, 4000);
        }
        tx.write(() -> require(id).setSignature(value));
    }

    @Override
    public Optional<String> language(String address) {
        String lower = address.trim().toLowerCase(Locale.ROOT);
        return tx.read(() -> jdbc.sql("SELECT language FROM account WHERE address_lower = ?").param(lower)
                .query(String.class).optional());
    }

    @Override
    public void updateLanguage(AccountId id, String language) {
        String value = language == null || language.isBlank() ? null : language.strip();
        if (value != null && (value.length() > 16 || !value.chars().allMatch(c -> c == '-' || Character.isLetterOrDigit(c) && c < 0x80))) {
            throw new AccountRefusal(AccountRefusal.Reason.NOT_A_LANGUAGE, value);
        }
        tx.write(() -> require(id).setLanguage(value));
    }

    @Override
    public void setEnabled(AccountId id, boolean enabled) {
        tx.write(() -> require(id).setEnabled(enabled));
        announce(new AccountAccessChanged(id, enabled ? AccountAccessChanged.Change.ENABLED : AccountAccessChanged.Change.DISABLED));
    }

    @Override
    public void removeDomain(String domain) {
        String name = normalizeDomain(domain);
        if (properties.domains().contains(name)) {
            throw new AccountRefusal(AccountRefusal.Reason.DOMAIN_CONFIGURED, name);
        }
        try {
            tx.write(() -> {
                DomainEntity entity = domainRepository.findByName(name)
                        .orElseThrow(() -> new IllegalArgumentException("No such domain: " + name));
                if (accountRepository.existsByAddressLowerEndingWith("@" + name) || aliasRepository.existsBySourceEndingWith("@" + name)) {
                    throw new AccountRefusal(AccountRefusal.Reason.DOMAIN_IN_USE, name);
                }
                domainRepository.delete(entity);
            });
        } finally {
            storedDomains.forgetAll();
        }
    }

    @Override
    public void setQuota(AccountId id, Quota quota) {
        tx.write(() -> require(id).setQuota(quota));
        quotas.forget(id.value());
    }

    @Override
    public Quota.Usage quotaUsage(AccountId id) {
        return tx.readStatement(() -> quotas.usage(id.value()));
    }

    @Override
    public boolean quotaLimited(AccountId id) {
        return tx.readStatement(() -> quotas.limited(id.value()));
    }

    @Override
    public void setAdmin(AccountId id, boolean admin) {
        tx.write(() -> require(id).setAdmin(admin));
        announce(new AccountAccessChanged(id, admin ? AccountAccessChanged.Change.ADMIN_GRANTED : AccountAccessChanged.Change.ADMIN_REVOKED));
    }

    /** After the commit: at once when the write was the outermost transaction, else when the caller's commits. */
    private void announce(AccountAccessChanged event) {
        AfterCommit.run(() -> events.publishEvent(event));
    }

    @Override
    public void addForward(String source, String externalAddress) {
        String normalized = normalizeAliasSource(source);
        String target = normalizeAddress(externalAddress);
        String sourceDomain = normalized.substring(normalized.lastIndexOf('@') + 1);
        if (!isLocalDomain(sourceDomain)) {
            throw new AccountRefusal(AccountRefusal.Reason.DOMAIN_NOT_LOCAL, sourceDomain);
        }
        if (isLocalDomain(target.substring(target.lastIndexOf('@') + 1))) {
            throw new AccountRefusal(AccountRefusal.Reason.FORWARD_TARGET_LOCAL, target);
        }
        try {
            tx.write(() -> {
                if (aliasRepository.findBySource(normalized).isPresent()) {
                    throw new AccountRefusal(AccountRefusal.Reason.ALIAS_EXISTS, normalized);
                }
                aliasRepository.save(new AliasEntity(normalized, target));
            });
        } finally {
            destinationsChanged();
        }
    }

    @Override
    public List<Alias> aliases() {
        return tx.read(() -> aliasRepository.findAllByOrderBySourceAsc().stream()
                .map(a -> new Alias(a.source(), a.destination())).toList());
    }

    @Override
    public void addAlias(String source, AccountId target) {
        String normalized = normalizeAliasSource(source);
        try {
            tx.write(() -> {
                require(target);
                if (aliasRepository.findBySource(normalized).isPresent()) {
                    throw new AccountRefusal(AccountRefusal.Reason.ALIAS_EXISTS, normalized);
                }
                aliasRepository.save(new AliasEntity(normalized, target.value()));
            });
        } finally {
            destinationsChanged();
        }
    }

    @Override
    public void removeAlias(String source) {
        String normalized = normalizeAliasSource(source);
        try {
            tx.write(() -> aliasRepository.deleteBySource(normalized));
        } finally {
            destinationsChanged();
        }
    }

    @Override
    public List<String> aliasesOf(AccountId id) {
        return tx.read(() -> aliasRepository.findByAccountIdOrderBySourceAsc(id.value()).stream().map(AliasEntity::source).toList());
    }

    @Override
    public Optional<AccountId> resolveRecipient(String address) {
        return resolveDestination(address).flatMap(d -> switch (d) {
            case Destination.Local local -> Optional.of(local.account());
            case Destination.Forward forward -> Optional.<AccountId>empty();
        });
    }

    @Override
    public Optional<Destination> resolveDestination(String address) {
        String written = unquoted(address.trim());
        String lower = written.toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf('@');
        if (at <= 0 || at == lower.length() - 1 || !isLocalDomain(lower.substring(at + 1))) {
            return Optional.empty();
        }
        String local = lower.substring(0, at);
        String domain = lower.substring(at + 1);
        // the usual answer, an account or an alias of exactly this address, is one statement without a transaction,
        // kept for a few seconds
        Optional<Destination> exact = exactDestinations.get(lower, () -> tx.readStatement(() -> exactOrAlias(lower)),
                Optional::isPresent);
        if (exact.isPresent()) {
            return exact;
        }
        return tx.read(() -> {
            int plus = local.indexOf('+');
            if (plus > 0) {
                Optional<Destination> untagged = exactOrAlias(local.substring(0, plus) + "@" + domain);
                if (untagged.isPresent()) {
                    return untagged.map(destination -> withDetail(destination, written));
                }
            }
            Optional<Destination> catchAll = jdbc.sql("SELECT account_id, external_address FROM alias WHERE source = ?")
                    .param("@" + domain).query(JpaAccountStore::destination).optional();
            if (catchAll.isPresent() || !(local.equals(POSTMASTER) || local.startsWith(POSTMASTER + "+"))) {
                return catchAll;
            }
            // RFC 5321 §4.5.1: postmaster@ every local domain MUST be accepted, configured or not;
            // it goes to the first enabled admin, else to the first enabled account
            return jdbc.sql("SELECT id FROM account WHERE enabled = TRUE ORDER BY admin DESC, id FETCH FIRST 1 ROWS ONLY")
                    .query(Long.class).optional().map(id -> new Destination.Local(new AccountId(id)));
        });
    }

    private static final String POSTMASTER = "postmaster";

    /**
     * {@code "local"@domain} as {@code local@domain} (RFC 5321 §4.1.2: a quoted local part means its content; the
     * SMTP parser already unquoted the ones that did not need quotes). Only a quoted detail can carry an {@code @},
     * as in {@code "bob+Shared/alice@example.org/Team"@example.org}.
     */
    private static String unquoted(String address) {
        int at = address.lastIndexOf('@');
        if (at < 2 || address.charAt(0) != '"' || address.charAt(at - 1) != '"') {
            return address;
        }
        StringBuilder local = new StringBuilder(at);
        for (int i = 1; i < at - 1; i++) {
            char c = address.charAt(i);
            if (c == '\\' && i + 1 < at - 1) {
                c = address.charAt(++i);
            }
            local.append(c);
        }
        return local + address.substring(at);
    }

    /** The detail of {@code user+detail@domain} as written (not lower-cased), for a local destination. */
    private static Destination withDetail(Destination destination, String address) {
        if (!(destination instanceof Destination.Local local)) {
            return destination;
        }
        String localPart = address.substring(0, address.lastIndexOf('@'));
        String detail = localPart.substring(localPart.indexOf('+') + 1);
        return detail.isEmpty() ? local : new Destination.Local(local.account(), Optional.of(detail));
    }

    /**
     * An account may send as every address that would be delivered to it: its own, its aliases, their
     * {@code +tag} forms, and addresses of a domain whose catch-all it owns that no one else has.
     */
    @Override
    public boolean maySendAs(AccountId account, String address) {
        return resolveRecipient(address).map(account::equals).orElse(false);
    }

    /** The account with this address, else the destination of an alias with this source: one round trip. */
    private Optional<Destination> exactOrAlias(String lowerAddress) {
        return jdbc.sql("""
                        SELECT account_id, external_address FROM (
                            SELECT 0 AS pref, id AS account_id, CAST(NULL AS VARCHAR(320)) AS external_address
                            FROM account WHERE address_lower = ?
                            UNION ALL SELECT 1 AS pref, account_id, external_address FROM alias WHERE source = ?) hits
                        ORDER BY pref FETCH FIRST 1 ROWS ONLY""")
                .params(lowerAddress, lowerAddress).query(JpaAccountStore::destination).optional();
    }

    /** A row of {@code account_id, external_address}: exactly one of them is set (as in {@link AliasEntity}). */
    private static Destination destination(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        long account = rs.getLong("account_id");
        return rs.wasNull() ? new Destination.Forward(rs.getString("external_address"))
                : new Destination.Local(new AccountId(account));
    }

    private AccountEntity require(AccountId id) {
        return accountRepository.findById(id.value()).orElseThrow(() -> new StoreException.AccountNotFound("#" + id.value()));
    }

    static String normalizeAddress(String address) {
        String trimmed = address == null ? "" : address.trim();
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1 || trimmed.length() > 320 || trimmed.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>')) {
            throw new AccountRefusal(AccountRefusal.Reason.INVALID_ADDRESS, address);
        }
        return trimmed.substring(0, at) + "@" + normalizeDomain(trimmed.substring(at + 1));
    }

    static String normalizeAliasSource(String source) {
        String trimmed = source == null ? "" : source.trim();
        if (trimmed.startsWith("@")) {
            return "@" + normalizeDomain(trimmed.substring(1));
        }
        return normalizeAddress(trimmed).toLowerCase(Locale.ROOT);
    }

    static String normalizeDomain(String domain) {
        String d = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        if (d.isEmpty() || d.length() > 253 || d.contains("@") || d.chars().anyMatch(c -> c <= ' ')) {
            throw new AccountRefusal(AccountRefusal.Reason.INVALID_DOMAIN, domain);
        }
        return d;
    }
}
