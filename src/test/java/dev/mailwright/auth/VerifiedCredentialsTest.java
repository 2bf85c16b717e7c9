package dev.mailwright.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.mailwright.store.AccountAccessChanged;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore.Account;

/** The verified-credential cache alone: what answers, for how long, how many, and what drops it. */
class VerifiedCredentialsTest {
    private final MutableClock clock = new MutableClock();
    private final Account alice = account(1, "alice@example.test", "{argon2}$argon2id$v=19$m=16384,t=2,p=1$c2FsdA$aGFzaA", true);
    private final Account bob = account(2, "bob@example.test", "{argon2}$argon2id$v=19$m=16384,t=2,p=1$c2FsdA$Ym9i", true);

    @Test
    void onlyTheVerifiedPasswordOfTheSameAccountShouldAnswer() {
        VerifiedCredentials cache = new VerifiedCredentials(Duration.ofMinutes(5), 10, clock);
        cache.remember("alice@example.test", "right", alice);

        assertThat(cache.remembers("alice@example.test", "right", alice)).isTrue();
        assertThat(cache.remembers("alice@example.test", "Right", alice)).isFalse();
        assertThat(cache.remembers("alice@example.test", "right ", alice)).isFalse();
        assertThat(cache.remembers("bob@example.test", "right", bob)).as("another account").isFalse();
        assertThat(cache.remembers("alice@example.test", "ab\uD800", alice)).isFalse();
    }

    @Test
    void anUnpairedSurrogateShouldNotHitTheEntryOfItsReplacementCharacter() {
        VerifiedCredentials cache = new VerifiedCredentials(Duration.ofMinutes(5), 10, clock);
        cache.remember("alice@example.test", "pw?", alice);
        cache.remember("alice@example.test", "pw\uFFFD", alice);

        assertThat(cache.remembers("alice@example.test", "pw\uD800", alice)).isFalse();
        assertThat(cache.remembers("alice@example.test", "pw\uDC00", alice)).isFalse();
    }

    @Test
    void anEntryShouldExpireAfterTheTtl() {
        VerifiedCredentials cache = new VerifiedCredentials(Duration.ofMinutes(5), 10, clock);
        cache.remember("alice@example.test", "right", alice);

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(cache.remembers("alice@example.test", "right", alice)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.remembers("alice@example.test", "right", alice)).isFalse();
        assertThat(cache.size()).as("the expired entry is gone, not only ignored").isZero();
    }

    @Test
    void theLeastRecentlyUsedEntryShouldGoWhenTheCacheIsFull() {
        VerifiedCredentials cache = new VerifiedCredentials(Duration.ofMinutes(5), 2, clock);
        cache.remember("alice@example.test", "one", alice);
        cache.remember("alice@example.test", "two", alice);
        assertThat(cache.remembers("alice@example.test", "one", alice)).isTrue();   // "two" is now the eldest

        cache.remember("bob@example.test", "three", bob);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.remembers("alice@example.test", "two", alice)).isFalse();
        assertThat(cache.remembers("alice@example.test", "one", alice)).isTrue();
        assertThat(cache.remembers("bob@example.test", "three", bob)).isTrue();
    }

    @Test
    void aChangedStoredHashOrADisabledAccountShouldNotAnswer() {
        VerifiedCredentials cache = new VerifiedCredentials(Duration.ofMinutes(5), 10, clock);
        cache.remember("alice@example.test", "right", alice);

        Account rehashed = account(1, "alice@example.test", "{argon2}$argon2id$v=19$m=16384,t=2,p=1$bmV3$bmV3", true);
        Account disabled = account(1, "alice@example.test", alice.passwordHash(), false);
        assertThat(cache.remembers("alice@example.test", "right", rehashed)).as("password changed elsewhere").isFalse();
        assertThat(cache.remembers("alice@example.test", "right", disabled)).isFalse();
        assertThat(cache.remembers("alice@example.test", "right", alice)).isTrue();
    }

    @Test
    void everyAccessChangeShouldDropOnlyThatAccountsEntries() {
        VerifiedCredentials cache = new VerifiedCredentials(Duration.ofMinutes(5), 10, clock);
        for (AccountAccessChanged.Change change : AccountAccessChanged.Change.values()) {
            cache.remember("alice@example.test", "right", alice);
            cache.remember("alice@example.test", "other", alice);
            cache.remember("bob@example.test", "bobs", bob);

            cache.accessChanged(new AccountAccessChanged(alice.id(), change));

            assertThat(cache.entriesOf(alice.id())).as(change.name()).isZero();
            assertThat(cache.remembers("alice@example.test", "right", alice)).as(change.name()).isFalse();
            assertThat(cache.remembers("bob@example.test", "bobs", bob)).as(change.name()).isTrue();
        }
    }

    @Test
    void aZeroTtlOrSizeShouldRememberNothing() {
        for (VerifiedCredentials cache : new VerifiedCredentials[] {
                new VerifiedCredentials(Duration.ZERO, 10, clock), new VerifiedCredentials(Duration.ofMinutes(5), 0, clock)}) {
            cache.remember("alice@example.test", "right", alice);
            assertThat(cache.remembers("alice@example.test", "right", alice)).isFalse();
            assertThat(cache.size()).isZero();
        }
    }

    private static Account account(long id, String address, String hash, boolean enabled) {
        return new Account(new AccountId(id), address, hash, false, enabled, null);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
