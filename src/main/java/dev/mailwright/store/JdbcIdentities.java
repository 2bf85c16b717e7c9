package dev.mailwright.store;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

@Component
class JdbcIdentities implements Identities {
    private final JdbcClient jdbc;
    private final StoreTransactions tx;
    private final AccountStore accounts;

    JdbcIdentities(JdbcClient jdbc, StoreTransactions tx, AccountStore accounts) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.accounts = accounts;
    }

    private static Identity identity(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Identity(rs.getLong("id"), rs.getString("address"), rs.getString("display_name"), rs.getString("signature"));
    }

    @Override
    public List<Identity> list(AccountId account) {
        return tx.read(() -> jdbc.sql("SELECT id, address, display_name, signature FROM identity WHERE account_id = ? ORDER BY address_lower")
                .param(account.value()).query(JdbcIdentities::identity).list());
    }

    @Override
    public Optional<Identity> find(AccountId account, long id) {
        return tx.read(() -> jdbc.sql("SELECT id, address, display_name, signature FROM identity WHERE account_id = ? AND id = ?")
                .param(account.value()).param(id).query(JdbcIdentities::identity).optional());
    }

    @Override
    public Added add(AccountId account, String address, String displayName, String signature) {
        String normalized = JpaAccountStore.normalizeAddress(address);
        String lower = normalized.toLowerCase(Locale.ROOT);
        return tx.write(() -> {
            Optional<AccountStore.Account> owner = accounts.findAccount(account);
            if (owner.isEmpty() || !accounts.maySendAs(account, normalized)) {
                return new Added.NotOwned();
            }
            boolean exists = owner.get().address().equalsIgnoreCase(normalized)
                    || jdbc.sql("SELECT COUNT(*) FROM identity WHERE account_id = ? AND address_lower = ?")
                    .param(account.value()).param(lower).query(Long.class).single() > 0;
            if (exists) {
                return new Added.AlreadyThere();
            }
            jdbc.sql("INSERT INTO identity (account_id, address, address_lower, display_name, signature) VALUES (?, ?, ?, ?, ?)")
                    .param(account.value()).param(normalized).param(lower).param(displayName).param(signature).update();
            return new Added.Stored(jdbc.sql("SELECT id, address, display_name, signature FROM identity WHERE account_id = ? AND address_lower = ?")
                    .param(account.value()).param(lower).query(JdbcIdentities::identity).single());
        });
    }

    @Override
    public boolean update(AccountId account, long id, String displayName, String signature) {
        return tx.write(() -> jdbc.sql("UPDATE identity SET display_name = ?, signature = ? WHERE account_id = ? AND id = ?")
                .param(displayName).param(signature).param(account.value()).param(id).update() == 1);
    }

    @Override
    public boolean delete(AccountId account, long id) {
        return tx.write(() -> jdbc.sql("DELETE FROM identity WHERE account_id = ? AND id = ?")
                .param(account.value()).param(id).update() == 1);
    }
}
