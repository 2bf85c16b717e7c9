package dev.mailwright.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.AccountAccessChanged;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore.Account;

/**
 * The verified-credential cache (Dovecot's auth cache, in spirit): after a password verified for an account, the same
 * password answers again without Argon2id for {@code mailwright.auth.credential-cache-ttl}, at most
 * {@code credential-cache-max-entries} pairs, least recently used dropped first.
 *
 * <p>What is kept is never the password: the key is the account plus HMAC-SHA-256 of (account, password) under a
 * secret drawn at start and held only in this process, so neither a heap dump nor another node can test guesses
 * against it faster than against the stored Argon2id hash. Nothing is written to disk. An entry answers only while the
 * account's stored hash is the one it was verified against and the account is enabled (so a change made on another
 * node, or straight in the database, takes effect at once too); every {@link AccountAccessChanged} (password set,
 * disable, admin role revoked) drops the account's entries. Failures are never cached: a wrong password always
 * costs a full hash and counts in the throttle.
 */
@Component
class VerifiedCredentials {
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final SecretKeySpec secret;
    private final Map<Key, Verified> entries;

    @Autowired
    VerifiedCredentials(MailwrightProperties properties) {
        this(properties.auth().credentialCacheEnabled() ? properties.auth().credentialCacheTtl() : Duration.ZERO,
                properties.auth().credentialCacheMaxEntries(), Clock.systemUTC());
    }

    VerifiedCredentials(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.secret = new SecretKeySpec(key, "HmacSHA256");
        Arrays.fill(key, (byte) 0);   // SecretKeySpec keeps its own copy
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Verified> eldest) {
                return size() > VerifiedCredentials.this.maxEntries;
            }
        };
    }

    private boolean enabled() {
        return !ttl.isZero() && maxEntries > 0;
    }

    /** Whether {@code password} was verified for {@code account} (as it is stored now) within the TTL. */
    boolean remembers(String user, CharSequence password, Account account) {
        if (!enabled() || !account.enabled()) {
            return false;
        }
        Key key = new Key(user, mac(user, password));
        Verified entry;
        synchronized (entries) {
            entry = entries.get(key);
            if (entry != null && !clock.instant().isBefore(entry.expires())) {
                entries.remove(key);
                entry = null;
            }
        }
        return entry != null && entry.account().equals(account.id())
                && MessageDigest.isEqual(entry.passwordHash().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        account.passwordHash().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Called only after a successful full verification of {@code password} against {@code account}'s stored hash. */
    void remember(String user, CharSequence password, Account account) {
        if (!enabled()) {
            return;
        }
        Verified entry = new Verified(account.id(), account.passwordHash(), clock.instant().plus(ttl));
        Key key = new Key(user, mac(user, password));
        synchronized (entries) {
            entries.put(key, entry);
        }
    }

    /** Drops every entry of {@code account}. */
    void forget(AccountId account) {
        synchronized (entries) {
            entries.values().removeIf(entry -> entry.account().equals(account));
        }
    }

    /** Any change of who may sign in, or with which rights, starts the account afresh. */
    @EventListener
    void accessChanged(AccountAccessChanged event) {
        forget(event.account());
    }

    /** Entries held for {@code account} (tests and diagnostics; never the entries themselves). */
    int entriesOf(AccountId account) {
        synchronized (entries) {
            return (int) entries.values().stream().filter(entry -> entry.account().equals(account)).count();
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /**
     * HMAC of the user name's length, the user name and the password, each char as its two UTF-16 bytes: an injective
     * encoding, so no two (user, password) pairs share an input (a UTF-8 encoder would map every unpaired surrogate to
     * the same replacement byte and let a wrong password hit a right one's entry).
     */
    private String mac(String user, CharSequence password) {
        byte[] input = new byte[4 + 2 * (user.length() + password.length())];
        int at = 0;
        input[at++] = (byte) (user.length() >>> 24);
        input[at++] = (byte) (user.length() >>> 16);
        input[at++] = (byte) (user.length() >>> 8);
        input[at++] = (byte) user.length();
        for (int i = 0; i < user.length(); i++) {
            input[at++] = (byte) (user.charAt(i) >>> 8);
            input[at++] = (byte) user.charAt(i);
        }
        for (int i = 0; i < password.length(); i++) {
            input[at++] = (byte) (password.charAt(i) >>> 8);
            input[at++] = (byte) password.charAt(i);
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(secret);
            return HexFormat.of().formatHex(hmac.doFinal(input));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    private record Key(String user, String mac) {
    }

    private record Verified(AccountId account, String passwordHash, Instant expires) {
    }
}
