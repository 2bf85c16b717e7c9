package dev.mailwright.store;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

@Component
class JdbcSieveScripts implements SieveScripts {
    private final JdbcClient jdbc;
    private final StoreTransactions tx;
    /** Every recipient of every message asks for its active script; most have none (issue 17). */
    private final RecentLookups<Long, Optional<Script>> activeScripts;

    JdbcSieveScripts(JdbcClient jdbc, StoreTransactions tx, dev.mailwright.config.MailwrightProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.activeScripts = new RecentLookups<>(properties.lookupCache().ttl(), properties.lookupCache().maxEntries());
    }

    /** A change of {@code account}'s scripts: the active one is looked up again once it committed. */
    private <T> T changing(AccountId account, java.util.function.Supplier<T> change) {
        try {
            return change.get();
        } finally {
            activeScripts.forget(account.value());
        }
    }

    private static final String COLUMNS = "name, content, active, updated_at";

    private static Script script(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Script(rs.getString("name"), rs.getString("content"), rs.getBoolean("active"),
                rs.getTimestamp("updated_at").toInstant());
    }

    @Override
    public List<Script> list(AccountId account) {
        return tx.read(() -> jdbc.sql("SELECT " + COLUMNS + " FROM sieve_script WHERE account_id = ? ORDER BY name")
                .param(account.value()).query((rs, n) -> script(rs)).list());
    }

    @Override
    public Optional<Script> get(AccountId account, String name) {
        return tx.read(() -> jdbc.sql("SELECT " + COLUMNS + " FROM sieve_script WHERE account_id = ? AND name = ?")
                .param(account.value()).param(name).query((rs, n) -> script(rs)).optional());
    }

    @Override
    public Optional<Script> active(AccountId account) {
        return activeScripts.get(account.value(), () -> tx.readStatement(() -> jdbc.sql("SELECT " + COLUMNS
                + " FROM sieve_script WHERE account_id = ? AND active = TRUE").param(account.value()).query((rs, n) -> script(rs)).optional()));
    }

    @Override
    public void put(AccountId account, String name, String content) {
        Timestamp now = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        changing(account, () -> tx.write(() -> {
            lockAccount(account);
            int updated = jdbc.sql("UPDATE sieve_script SET content = ?, updated_at = ? WHERE account_id = ? AND name = ?")
                    .param(content).param(now).param(account.value()).param(name).update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO sieve_script (account_id, name, content, active, updated_at) VALUES (?, ?, ?, FALSE, ?)")
                        .param(account.value()).param(name).param(content).param(now).update();
            }
            return null;
        }));
    }

    @Override
    public PutOutcome put(AccountId account, String name, String content, int maxScripts) {
        Timestamp now = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        return changing(account, () -> tx.write(() -> {
            lockAccount(account);
            int updated = jdbc.sql("UPDATE sieve_script SET content = ?, updated_at = ? WHERE account_id = ? AND name = ?")
                    .param(content).param(now).param(account.value()).param(name).update();
            if (updated > 0) {
                return PutOutcome.STORED;
            }
            if (count(account) >= maxScripts) {
                return PutOutcome.TOO_MANY_SCRIPTS;
            }
            jdbc.sql("INSERT INTO sieve_script (account_id, name, content, active, updated_at) VALUES (?, ?, ?, FALSE, ?)")
                    .param(account.value()).param(name).param(content).param(now).update();
            return PutOutcome.STORED;
        }));
    }

    @Override
    public int count(AccountId account) {
        return tx.read(() -> jdbc.sql("SELECT COUNT(*) FROM sieve_script WHERE account_id = ?")
                .param(account.value()).query(Integer.class).single());
    }

    @Override
    public boolean activate(AccountId account, Optional<String> name) {
        return changing(account, () -> tx.write(() -> {
            lockAccount(account);
            if (name.isPresent() && get(account, name.get()).isEmpty()) {
                return false;
            }
            jdbc.sql("UPDATE sieve_script SET active = FALSE WHERE account_id = ? AND active = TRUE").param(account.value()).update();
            name.ifPresent(n -> jdbc.sql("UPDATE sieve_script SET active = TRUE WHERE account_id = ? AND name = ?")
                    .param(account.value()).param(n).update());
            return true;
        }));
    }

    @Override
    public boolean delete(AccountId account, String name) {
        return changing(account, () -> tx.write(() -> {
            lockAccount(account);
            Optional<Script> script = get(account, name);
            if (script.isEmpty()) {
                return false;
            }
            if (script.get().active()) {
                throw new StoreException.MailboxNotAllowed("the active script cannot be deleted: " + name);
            }
            jdbc.sql("DELETE FROM sieve_script WHERE account_id = ? AND name = ?").param(account.value()).param(name).update();
            return true;
        }));
    }

    @Override
    public boolean rename(AccountId account, String from, String to) {
        return changing(account, () -> tx.write(() -> {
            lockAccount(account);
            if (get(account, from).isEmpty()) {
                return false;
            }
            if (!from.equals(to) && get(account, to).isPresent()) {
                throw new StoreException.MailboxExists("a script named " + to + " exists");
            }
            jdbc.sql("UPDATE sieve_script SET name = ? WHERE account_id = ? AND name = ?")
                    .param(to).param(account.value()).param(from).update();
            return true;
        }));
    }

    @Override
    public boolean claimVacationReply(AccountId account, String handle, String sender, Duration period, Instant now) {
        String key = sender.toLowerCase(Locale.ROOT);
        Timestamp at = Timestamp.from(now.truncatedTo(ChronoUnit.MILLIS));
        return tx.write(() -> {
            lockAccount(account);
            Optional<Timestamp> last = jdbc.sql("SELECT replied_at FROM sieve_vacation_reply WHERE account_id = ? AND handle = ? AND sender = ?")
                    .param(account.value()).param(handle).param(key).query(Timestamp.class).optional();
            if (last.isPresent() && last.get().toInstant().plus(period).isAfter(now)) {
                return false;
            }
            if (last.isPresent()) {
                jdbc.sql("UPDATE sieve_vacation_reply SET replied_at = ? WHERE account_id = ? AND handle = ? AND sender = ?")
                        .param(at).param(account.value()).param(handle).param(key).update();
            } else {
                jdbc.sql("INSERT INTO sieve_vacation_reply (account_id, handle, sender, replied_at) VALUES (?, ?, ?, ?)")
                        .param(account.value()).param(handle).param(key).param(at).update();
            }
            return true;
        });
    }

    @Override
    public void recordError(AccountId account, String scriptName, String message, Instant at) {
        String text = message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message;
        String name = scriptName.length() > 255 ? scriptName.substring(0, 255) : scriptName;
        Timestamp when = Timestamp.from(at.truncatedTo(ChronoUnit.MILLIS));
        tx.write(() -> {
            lockAccount(account);
            int updated = jdbc.sql("UPDATE sieve_run_error SET script_name = ?, message = ?, occurred_at = ? WHERE account_id = ?")
                    .param(name).param(text).param(when).param(account.value()).update();
            if (updated == 0) {
                jdbc.sql("INSERT INTO sieve_run_error (account_id, script_name, message, occurred_at) VALUES (?, ?, ?, ?)")
                        .param(account.value()).param(name).param(text).param(when).update();
            }
        });
    }

    @Override
    public Optional<RunError> lastError(AccountId account) {
        return tx.read(() -> jdbc.sql("SELECT script_name, message, occurred_at FROM sieve_run_error WHERE account_id = ?")
                .param(account.value()).query((rs, n) -> new RunError(rs.getString("script_name"), rs.getString("message"),
                        rs.getTimestamp("occurred_at").toInstant())).optional());
    }

    @Override
    public void clearError(AccountId account) {
        tx.write(() -> jdbc.sql("DELETE FROM sieve_run_error WHERE account_id = ?").param(account.value()).update());
    }

    @Override
    public List<AccountId> accountsWithScript(String name) {
        return tx.read(() -> jdbc.sql("SELECT account_id FROM sieve_script WHERE name = ? ORDER BY account_id")
                .param(name).query((rs, n) -> new AccountId(rs.getLong(1))).list());
    }

    /** Serialises an account's script changes (one active script; a reply claimed once) on its account row. */
    private void lockAccount(AccountId account) {
        jdbc.sql("SELECT id FROM account WHERE id = ? FOR UPDATE").param(account.value()).query(Long.class).optional()
                .orElseThrow(() -> new StoreException.AccountNotFound("#" + account.value()));
    }
}
