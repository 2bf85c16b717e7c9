package dev.mailwright.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

@Component
class JdbcTrustedSenders implements TrustedSenders {
    private final JdbcClient jdbc;
    private final StoreTransactions tx;

    JdbcTrustedSenders(JdbcClient jdbc, StoreTransactions tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public List<String> list(AccountId account) {
        return tx.read(() -> jdbc.sql("SELECT address_lower FROM trusted_sender WHERE account_id = ? ORDER BY address_lower")
                .param(account.value()).query(String.class).list());
    }

    @Override
    public boolean trusts(AccountId account, String address) {
        String lower = lower(address);
        return !lower.isEmpty() && tx.read(() -> jdbc.sql("SELECT COUNT(*) FROM trusted_sender WHERE account_id = ? AND address_lower = ?")
                .param(account.value()).param(lower).query(Long.class).single() > 0);
    }

    @Override
    public Added add(AccountId account, String address, int limit) {
        String lower = lower(address);
        if (lower.isEmpty() || lower.length() > 320) {
            throw new IllegalArgumentException("not an address");
        }
        return tx.write(() -> {
            if (jdbc.sql("SELECT COUNT(*) FROM trusted_sender WHERE account_id = ? AND address_lower = ?")
                    .param(account.value()).param(lower).query(Long.class).single() > 0) {
                return Added.ALREADY_TRUSTED;
            }
            if (jdbc.sql("SELECT COUNT(*) FROM trusted_sender WHERE account_id = ?")
                    .param(account.value()).query(Long.class).single() >= limit) {
                return Added.LIMIT_REACHED;
            }
            jdbc.sql("INSERT INTO trusted_sender (account_id, address_lower, created_at) VALUES (?, ?, ?)")
                    .param(account.value()).param(lower).param(Timestamp.from(Instant.now())).update();
            return Added.ADDED;
        });
    }

    @Override
    public boolean remove(AccountId account, String address) {
        String lower = lower(address);
        return tx.write(() -> jdbc.sql("DELETE FROM trusted_sender WHERE account_id = ? AND address_lower = ?")
                .param(account.value()).param(lower).update() == 1);
    }

    private static String lower(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }
}
