package dev.mailwright.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

@Component
class JdbcSieveDuplicates implements SieveDuplicates {
    private final JdbcClient jdbc;
    private final StoreTransactions tx;

    JdbcSieveDuplicates(JdbcClient jdbc, StoreTransactions tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public boolean seen(AccountId account, String key, Instant now) {
        return tx.read(() -> jdbc.sql("SELECT expires_at FROM sieve_duplicate WHERE account_id = ? AND tracking_key = ?")
                .param(account.value()).param(key).query(Timestamp.class).optional()
                .filter(expires -> expires.toInstant().isAfter(now)).isPresent());
    }

    @Override
    public void remember(AccountId account, List<Mark> marks, Instant now) {
        if (marks.isEmpty()) {
            return;
        }
        Timestamp at = Timestamp.from(now.truncatedTo(ChronoUnit.MILLIS));
        tx.write(() -> {
            // serialises two deliveries to the same account (insert-or-update below), as the vacation claim does
            jdbc.sql("SELECT id FROM account WHERE id = ? FOR UPDATE").param(account.value()).query(Long.class).optional()
                    .orElseThrow(() -> new StoreException.AccountNotFound("#" + account.value()));
            jdbc.sql("DELETE FROM sieve_duplicate WHERE account_id = ? AND expires_at <= ?").param(account.value()).param(at).update();
            for (Mark mark : marks) {
                Timestamp expires = Timestamp.from(mark.expires().truncatedTo(ChronoUnit.MILLIS));
                Optional<Timestamp> current = jdbc.sql("SELECT expires_at FROM sieve_duplicate WHERE account_id = ? AND tracking_key = ?")
                        .param(account.value()).param(mark.key()).query(Timestamp.class).optional();
                if (current.isEmpty()) {
                    jdbc.sql("INSERT INTO sieve_duplicate (account_id, tracking_key, expires_at) VALUES (?, ?, ?)")
                            .param(account.value()).param(mark.key()).param(expires).update();
                } else if (mark.restart()) {
                    // RFC 7352 :last: the period counts from this message; otherwise from the first one seen
                    jdbc.sql("UPDATE sieve_duplicate SET expires_at = ? WHERE account_id = ? AND tracking_key = ?")
                            .param(expires).param(account.value()).param(mark.key()).update();
                }
            }
        });
    }
}
