package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Sieve duplicate tracking (RFC 7352) in the store, on H2 and (when configured) PostgreSQL: expiry, :last, cleanup. */
@SpringBootTest
@Timeout(120)
abstract class SieveDuplicatesContract {
    @Autowired
    AccountStore accounts;
    @Autowired
    SieveDuplicates duplicates;
    @Autowired
    JdbcClient jdbc;

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void aKeyIsSeenUntilItExpiresAndOnlyForItsAccount() {
        AccountId account = accounts.createAccount(uniqueAddress("dup"), "h", false).id();
        AccountId other = accounts.createAccount(uniqueAddress("dup"), "h", false).id();
        assertThat(duplicates.seen(account, "k1", NOW)).isFalse();
        duplicates.remember(account, List.of(new SieveDuplicates.Mark("k1", NOW.plusSeconds(60), false)), NOW);
        assertThat(duplicates.seen(account, "k1", NOW.plusSeconds(59))).isTrue();
        assertThat(duplicates.seen(account, "k1", NOW.plusSeconds(60))).isFalse();
        assertThat(duplicates.seen(other, "k1", NOW)).isFalse();
    }

    @Test
    void withoutRestartTheFirstExpiryStandsWithRestartItMoves() {
        AccountId account = accounts.createAccount(uniqueAddress("dup"), "h", false).id();
        duplicates.remember(account, List.of(new SieveDuplicates.Mark("first", NOW.plusSeconds(60), false),
                new SieveDuplicates.Mark("last", NOW.plusSeconds(60), true)), NOW);
        Instant later = NOW.plusSeconds(30);
        duplicates.remember(account, List.of(new SieveDuplicates.Mark("first", later.plusSeconds(60), false),
                new SieveDuplicates.Mark("last", later.plusSeconds(60), true)), later);
        assertThat(duplicates.seen(account, "first", NOW.plusSeconds(61))).isFalse();
        assertThat(duplicates.seen(account, "last", NOW.plusSeconds(61))).isTrue();
    }

    @Test
    void expiredRowsAreRemovedWhenTheAccountRecordsAgain() {
        AccountId account = accounts.createAccount(uniqueAddress("dup"), "h", false).id();
        duplicates.remember(account, List.of(new SieveDuplicates.Mark("old", NOW.plusSeconds(1), false)), NOW);
        Instant muchLater = NOW.plus(Duration.ofDays(2));
        duplicates.remember(account, List.of(new SieveDuplicates.Mark("new", muchLater.plusSeconds(60), false)), muchLater);
        assertThat(jdbc.sql("SELECT tracking_key FROM sieve_duplicate WHERE account_id = ?").param(account.value())
                .query(String.class).list()).containsExactly("new");
    }
}
