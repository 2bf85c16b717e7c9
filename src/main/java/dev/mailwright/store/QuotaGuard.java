package dev.mailwright.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * Quota usage and its enforcement. Usage is the sum of the account's mailbox counters (kept exact by every
 * mutation under the mailbox locks), an index range scan over a handful of rows. Callers that add mail call
 * {@link #reserve} inside their transaction BEFORE taking any mailbox lock: for an account with a limit it locks
 * the account row, so two deliveries cannot both see room for one message (lock order: accounts, then mailboxes).
 */
@Component
class QuotaGuard {
    private final JdbcClient jdbc;
    /**
     * Account → its limits, asked by every delivery and APPEND before anything is locked, to learn whether the account
     * row must be locked at all. A limit set on this node is seen at once ({@link #forget}, called by
     * {@link AccountStore#setQuota}), one set on another node within the look-up cache's TTL. A limited account's
     * limits are read again under its row lock, so a limit lifted or lowered is never enforced from a stale copy.
     */
    private final RecentLookups<Long, Quota> recentLimits;

    QuotaGuard(JdbcClient jdbc, MailwrightProperties properties) {
        this.jdbc = jdbc;
        this.recentLimits = new RecentLookups<>(properties.lookupCache().ttl(), properties.lookupCache().maxEntries());
    }

    /** After the account's limits changed (committed). */
    void forget(long accountId) {
        recentLimits.forget(accountId);
    }

    /** Throws {@link StoreException.OverQuota} when the account cannot take {@code messages} more of {@code bytes} octets. */
    void reserve(long accountId, long messages, long bytes) {
        if (!limited(accountId)) {
            return;   // no lock for unlimited accounts: they serialise on their mailbox rows only
        }
        Quota limits = limits(accountId, " FOR UPDATE");
        Quota.Usage usage = usage(accountId, limits);
        if (!usage.fits(messages, bytes)) {
            throw new StoreException.OverQuota("Quota exceeded: " + describe(usage));
        }
    }

    /**
     * Whether the account has a limit (from the look-up cache, as {@link #reserve} asks it): an unlimited account's
     * usage need not be read to know that a message fits.
     */
    boolean limited(long accountId) {
        return !recentLimits.get(accountId, () -> limits(accountId, "")).unlimited();
    }

    /** Limits and usage in one statement (asked at every RCPT to a local account, so no transaction of its own). */
    Quota.Usage usage(long accountId) {
        return jdbc.sql("SELECT a.quota_bytes, a.quota_messages, COALESCE(SUM(m.size_bytes), 0), COALESCE(SUM(m.message_count), 0)"
                        + " FROM account a LEFT JOIN mailbox m ON m.account_id = a.id WHERE a.id = ? GROUP BY a.id, a.quota_bytes, a.quota_messages")
                .param(accountId)
                .query((rs, n) -> new Quota.Usage(rs.getLong(3), rs.getLong(4),
                        Quota.of(rs.getObject(1, Long.class), rs.getObject(2, Long.class))))
                .optional()
                .orElseThrow(() -> new StoreException.AccountNotFound("#" + accountId));
    }

    private Quota.Usage usage(long accountId, Quota limits) {
        return jdbc.sql("SELECT COALESCE(SUM(size_bytes), 0), COALESCE(SUM(message_count), 0) FROM mailbox WHERE account_id = ?")
                .param(accountId)
                .query((rs, n) -> new Quota.Usage(rs.getLong(1), rs.getLong(2), limits))
                .single();
    }

    private Quota limits(long accountId, String lock) {
        return jdbc.sql("SELECT quota_bytes, quota_messages FROM account WHERE id = ?" + lock)
                .param(accountId)
                .query((rs, n) -> Quota.of(rs.getObject(1, Long.class), rs.getObject(2, Long.class)))
                .optional()
                .orElseThrow(() -> new StoreException.AccountNotFound("#" + accountId));
    }

    static String describe(Quota.Usage usage) {
        return usage.storageBytes() + " octets" + usage.limits().storageBytes().stream().mapToObj(max -> " of " + max).findFirst().orElse("")
                + ", " + usage.messages() + " messages" + usage.limits().messages().stream().mapToObj(max -> " of " + max).findFirst().orElse("");
    }
}
