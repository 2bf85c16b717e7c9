package dev.mailwright.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Contacts in plain JDBC. Every change locks the account's {@code address_book} row first (created on first use),
 * takes the next modseq from it, and writes the contact with its child rows in the same transaction, so CardDAV
 * sync tokens and ETags never go backwards and two writers cannot both pass an If-Match.
 */
@Component
class JdbcContacts implements Contacts {
    private static final String COLUMNS = "id, uid, resource_name, full_name, note, vcard, modseq, updated_at";
    private static final int IN_CHUNK = 200;

    private final JdbcClient jdbc;
    private final StoreTransactions tx;

    JdbcContacts(JdbcClient jdbc, StoreTransactions tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    private record Row(long id, String uid, String resourceName, String fullName, String note, String vcard, long modseq,
                       Instant updatedAt) {
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("uid"), rs.getString("resource_name"), rs.getString("full_name"),
                rs.getString("note"), rs.getString("vcard"), rs.getLong("modseq"), rs.getTimestamp("updated_at").toInstant());
    }

    /** Rows with their addresses, phones and groups, read with one query per child table. */
    private List<Contact> withChildren(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<String>> emails = new HashMap<>();
        Map<Long, List<String>> phones = new HashMap<>();
        Map<Long, List<String>> groups = new HashMap<>();
        for (int from = 0; from < rows.size(); from += IN_CHUNK) {
            List<Long> ids = rows.subList(from, Math.min(rows.size(), from + IN_CHUNK)).stream().map(Row::id).toList();
            String in = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
            jdbc.sql("SELECT contact_id, address FROM contact_email WHERE contact_id IN (" + in + ") ORDER BY contact_id, position")
                    .params(ids).query(rs -> {
                        emails.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                    });
            jdbc.sql("SELECT contact_id, number FROM contact_phone WHERE contact_id IN (" + in + ") ORDER BY contact_id, position")
                    .params(ids).query(rs -> {
                        phones.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                    });
            jdbc.sql("SELECT contact_id, group_name FROM contact_group WHERE contact_id IN (" + in + ") ORDER BY contact_id, group_name")
                    .params(ids).query(rs -> {
                        groups.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                    });
        }
        return rows.stream().map(r -> new Contact(r.id(), r.resourceName(),
                new ContactData(r.uid(), r.fullName(), emails.getOrDefault(r.id(), List.of()), phones.getOrDefault(r.id(), List.of()),
                        r.note(), groups.getOrDefault(r.id(), List.of()), r.vcard()), r.modseq(), r.updatedAt())).toList();
    }

    @Override
    public List<Contact> list(AccountId account, String search, Optional<String> group, int limit) {
        String pattern = "%" + escapeLike(search == null ? "" : search.strip().toLowerCase(Locale.ROOT)) + "%";
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM contact c WHERE account_id = ?");
        List<Object> params = new ArrayList<>(List.of(account.value()));
        if (search != null && !search.isBlank()) {
            sql.append(" AND (sort_name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM contact_email e WHERE e.contact_id = c.id"
                    + " AND e.address_lower LIKE ? ESCAPE '\\'))");
            params.add(pattern);
            params.add(pattern);
        }
        if (group.isPresent()) {
            sql.append(" AND EXISTS (SELECT 1 FROM contact_group g WHERE g.contact_id = c.id AND g.group_name = ?)");
            params.add(group.get());
        }
        sql.append(" ORDER BY sort_name, id FETCH FIRST ").append(Math.max(1, limit)).append(" ROWS ONLY");
        return tx.read(() -> withChildren(jdbc.sql(sql.toString()).params(params).query(JdbcContacts::row).list()));
    }

    @Override
    public long count(AccountId account) {
        return tx.read(() -> jdbc.sql("SELECT COUNT(*) FROM contact WHERE account_id = ?").param(account.value()).query(Long.class).single());
    }

    @Override
    public Optional<Contact> find(AccountId account, long id) {
        return one("id = ?", account, id);
    }

    @Override
    public Optional<Contact> findByResource(AccountId account, String resourceName) {
        return one("resource_name = ?", account, resourceName);
    }

    @Override
    public Optional<Contact> findByUid(AccountId account, String uid) {
        return one("uid = ?", account, uid);
    }

    private Optional<Contact> one(String condition, AccountId account, Object value) {
        return tx.read(() -> withChildren(jdbc.sql("SELECT " + COLUMNS + " FROM contact WHERE account_id = ? AND " + condition)
                .param(account.value()).param(value).query(JdbcContacts::row).list()).stream().findFirst());
    }

    @Override
    public List<Contact> findByResources(AccountId account, Collection<String> resourceNames) {
        List<String> names = List.copyOf(new java.util.LinkedHashSet<>(resourceNames));
        return tx.read(() -> {
            List<Row> rows = new ArrayList<>();
            for (int from = 0; from < names.size(); from += IN_CHUNK) {
                List<String> chunk = names.subList(from, Math.min(names.size(), from + IN_CHUNK));
                List<Object> params = new ArrayList<>(List.of(account.value()));
                params.addAll(chunk);
                rows.addAll(jdbc.sql("SELECT " + COLUMNS + " FROM contact WHERE account_id = ? AND resource_name IN ("
                        + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")")
                        .params(params).query(JdbcContacts::row).list());
            }
            return withChildren(rows);
        });
    }

    @Override
    public Saved create(AccountId account, String resourceName, ContactData data, int maxContacts) {
        return tx.write(() -> {
            Optional<Long> modseq = nextModseq(account);
            if (modseq.isEmpty()) {
                return new Saved.Missing();
            }
            long count = jdbc.sql("SELECT COUNT(*) FROM contact WHERE account_id = ?").param(account.value()).query(Long.class).single();
            if (count >= maxContacts) {
                return new Saved.Full(maxContacts);
            }
            long taken = jdbc.sql("SELECT COUNT(*) FROM contact WHERE account_id = ? AND (uid = ? OR resource_name = ?)")
                    .param(account.value()).param(data.uid()).param(resourceName).query(Long.class).single();
            if (taken > 0) {
                return new Saved.Conflict();
            }
            Timestamp now = now();
            jdbc.sql("INSERT INTO contact (account_id, uid, resource_name, full_name, sort_name, note, vcard, modseq, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(account.value(), data.uid(), resourceName, data.fullName(), sortName(data.fullName()), data.note(),
                            data.vcard(), modseq.get(), now).update();
            long id = jdbc.sql("SELECT id FROM contact WHERE account_id = ? AND resource_name = ?")
                    .param(account.value()).param(resourceName).query(Long.class).single();
            writeChildren(id, data);
            jdbc.sql("DELETE FROM contact_tombstone WHERE account_id = ? AND resource_name = ?")
                    .param(account.value()).param(resourceName).update();
            return new Saved.Stored(find(account, id).orElseThrow());
        });
    }

    @Override
    public Saved update(AccountId account, long id, ContactData data, OptionalLong ifMatch) {
        return tx.write(() -> {
            Optional<Long> modseq = nextModseq(account);
            Optional<Row> current = lockedRow(account, id);
            if (modseq.isEmpty() || current.isEmpty()) {
                return new Saved.Missing();
            }
            if (ifMatch.isPresent() && ifMatch.getAsLong() != current.get().modseq()) {
                return new Saved.Conflict();
            }
            if (!current.get().uid().equals(data.uid()) && findByUid(account, data.uid()).isPresent()) {
                return new Saved.Conflict();
            }
            jdbc.sql("UPDATE contact SET uid = ?, full_name = ?, sort_name = ?, note = ?, vcard = ?, modseq = ?, updated_at = ?"
                            + " WHERE id = ?")
                    .params(data.uid(), data.fullName(), sortName(data.fullName()), data.note(), data.vcard(), modseq.get(), now(), id)
                    .update();
            for (String table : List.of("contact_email", "contact_phone", "contact_group")) {
                jdbc.sql("DELETE FROM " + table + " WHERE contact_id = ?").param(id).update();
            }
            writeChildren(id, data);
            return new Saved.Stored(find(account, id).orElseThrow());
        });
    }

    @Override
    public Saved delete(AccountId account, long id, OptionalLong ifMatch) {
        return tx.write(() -> {
            Optional<Long> modseq = nextModseq(account);
            Optional<Row> current = lockedRow(account, id);
            if (modseq.isEmpty() || current.isEmpty()) {
                return new Saved.Missing();
            }
            if (ifMatch.isPresent() && ifMatch.getAsLong() != current.get().modseq()) {
                return new Saved.Conflict();
            }
            Contact gone = withChildren(List.of(current.get())).getFirst();
            jdbc.sql("DELETE FROM contact WHERE id = ?").param(id).update();
            jdbc.sql("DELETE FROM contact_tombstone WHERE account_id = ? AND resource_name = ?")
                    .param(account.value()).param(current.get().resourceName()).update();
            jdbc.sql("INSERT INTO contact_tombstone (account_id, resource_name, modseq) VALUES (?, ?, ?)")
                    .param(account.value()).param(current.get().resourceName()).param(modseq.get()).update();
            return new Saved.Stored(gone);
        });
    }

    @Override
    public List<GroupCount> groups(AccountId account) {
        return tx.read(() -> jdbc.sql("SELECT g.group_name, COUNT(*) FROM contact_group g JOIN contact c ON c.id = g.contact_id"
                        + " WHERE c.account_id = ? GROUP BY g.group_name ORDER BY g.group_name")
                .param(account.value()).query((rs, n) -> new GroupCount(rs.getString(1), rs.getLong(2))).list());
    }

    @Override
    public int removeGroup(AccountId account, String group, UnaryOperator<ContactData> withoutGroup) {
        return tx.write(() -> {
            List<Contact> members = list(account, "", Optional.of(group), Integer.MAX_VALUE);
            for (Contact member : members) {
                update(account, member.id(), withoutGroup.apply(member.data()), OptionalLong.empty());
            }
            return members.size();
        });
    }

    @Override
    public long syncToken(AccountId account) {
        return tx.read(() -> jdbc.sql("SELECT modseq FROM address_book WHERE account_id = ?").param(account.value())
                .query(Long.class).optional().orElse(0L));
    }

    @Override
    public Optional<Changes> changesSince(AccountId account, long token) {
        return tx.read(() -> {
            long current = syncToken(account);
            if (token < 0 || token > current) {
                return Optional.empty();
            }
            List<Contact> changed = withChildren(jdbc.sql("SELECT " + COLUMNS + " FROM contact WHERE account_id = ? AND modseq > ? ORDER BY modseq")
                    .param(account.value()).param(token).query(JdbcContacts::row).list());
            List<String> removed = jdbc.sql("SELECT resource_name FROM contact_tombstone WHERE account_id = ? AND modseq > ? ORDER BY modseq")
                    .param(account.value()).param(token).query(String.class).list();
            return Optional.of(new Changes(changed, removed, current));
        });
    }

    @Override
    public List<Suggestion> suggest(AccountId account, String query, int limit) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return List.of();
        }
        String prefix = escapeLike(q) + "%";
        String word = "% " + escapeLike(q) + "%";
        return tx.read(() -> {
            Map<String, Suggestion> out = new LinkedHashMap<>();
            jdbc.sql("SELECT c.full_name, e.address FROM contact_email e JOIN contact c ON c.id = e.contact_id"
                            + " WHERE c.account_id = ? AND (e.address_lower LIKE ? ESCAPE '\\' OR c.sort_name LIKE ? ESCAPE '\\'"
                            + " OR c.sort_name LIKE ? ESCAPE '\\') ORDER BY c.sort_name, e.position FETCH FIRST " + limit + " ROWS ONLY")
                    .params(account.value(), prefix, prefix, word)
                    .query(rs -> {
                        String address = rs.getString(2);
                        out.putIfAbsent(address.toLowerCase(Locale.ROOT), new Suggestion(rs.getString(1), address, Suggestion.Source.CONTACT));
                    });
            if (out.size() < limit) {
                jdbc.sql("SELECT display_name, address FROM collected_address WHERE account_id = ? AND (address_lower LIKE ? ESCAPE '\\'"
                                + " OR LOWER(display_name) LIKE ? ESCAPE '\\' OR LOWER(display_name) LIKE ? ESCAPE '\\')"
                                + " ORDER BY last_used DESC FETCH FIRST " + limit + " ROWS ONLY")
                        .params(account.value(), prefix, prefix, word)
                        .query(rs -> {
                            String address = rs.getString(2);
                            if (out.size() < limit) {
                                out.putIfAbsent(address.toLowerCase(Locale.ROOT),
                                        new Suggestion(rs.getString(1), address, Suggestion.Source.COLLECTED));
                            }
                        });
            }
            return List.copyOf(out.values()).subList(0, Math.min(limit, out.size()));
        });
    }

    @Override
    public void collect(AccountId account, List<Collected> written, int max) {
        if (written.isEmpty() || max <= 0) {
            return;
        }
        tx.write(() -> {
            if (jdbc.sql("SELECT id FROM account WHERE id = ? FOR UPDATE").param(account.value()).query(Long.class).optional().isEmpty()) {
                return;   // one collector per account at a time; the sync token does not move (no contact changed)
            }
            Timestamp now = now();
            for (Collected c : written) {
                String lower = c.address().toLowerCase(Locale.ROOT);
                int updated = jdbc.sql("UPDATE collected_address SET use_count = use_count + 1, last_used = ?,"
                                + " display_name = CASE WHEN ? = '' THEN display_name ELSE ? END WHERE account_id = ? AND address_lower = ?")
                        .params(now, c.name(), c.name(), account.value(), lower).update();
                if (updated == 0) {
                    jdbc.sql("INSERT INTO collected_address (account_id, address_lower, address, display_name, use_count, last_used)"
                                    + " VALUES (?, ?, ?, ?, 1, ?)")
                            .params(account.value(), lower, c.address(), c.name(), now).update();
                }
            }
            long count = jdbc.sql("SELECT COUNT(*) FROM collected_address WHERE account_id = ?").param(account.value())
                    .query(Long.class).single();
            if (count > max) {
                List<String> oldest = jdbc.sql("SELECT address_lower FROM collected_address WHERE account_id = ?"
                                + " ORDER BY last_used, use_count, address_lower FETCH FIRST " + (count - max) + " ROWS ONLY")
                        .param(account.value()).query(String.class).list();
                for (String lower : oldest) {
                    jdbc.sql("DELETE FROM collected_address WHERE account_id = ? AND address_lower = ?")
                            .param(account.value()).param(lower).update();
                }
            }
        });
    }

    @Override
    public List<Collected> collected(AccountId account) {
        return tx.read(() -> jdbc.sql("SELECT address, display_name, use_count, last_used FROM collected_address WHERE account_id = ?"
                        + " ORDER BY last_used DESC, address_lower")
                .param(account.value()).query((rs, n) -> new Collected(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getTimestamp(4).toInstant())).list());
    }

    @Override
    public boolean forgetCollected(AccountId account, String address) {
        return tx.write(() -> jdbc.sql("DELETE FROM collected_address WHERE account_id = ? AND address_lower = ?")
                .param(account.value()).param(address.toLowerCase(Locale.ROOT)).update() > 0);
    }

    /**
     * Locks the account row (as the Sieve scripts do: one writer per account at a time, so the first write can create
     * the counter row without a race) and advances the address book's counter; empty when the account is gone.
     */
    private Optional<Long> nextModseq(AccountId account) {
        Optional<Long> exists = jdbc.sql("SELECT id FROM account WHERE id = ? FOR UPDATE").param(account.value())
                .query(Long.class).optional();
        if (exists.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> current = jdbc.sql("SELECT modseq FROM address_book WHERE account_id = ?")
                .param(account.value()).query(Long.class).optional();
        long next = current.orElse(0L) + 1;
        if (current.isEmpty()) {
            jdbc.sql("INSERT INTO address_book (account_id, modseq) VALUES (?, ?)").param(account.value()).param(next).update();
        } else {
            jdbc.sql("UPDATE address_book SET modseq = ? WHERE account_id = ?").param(next).param(account.value()).update();
        }
        return Optional.of(next);
    }

    private Optional<Row> lockedRow(AccountId account, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM contact WHERE account_id = ? AND id = ? FOR UPDATE")
                .param(account.value()).param(id).query(JdbcContacts::row).optional();
    }

    private void writeChildren(long id, ContactData data) {
        for (int i = 0; i < data.emails().size(); i++) {
            jdbc.sql("INSERT INTO contact_email (contact_id, position, address, address_lower) VALUES (?, ?, ?, ?)")
                    .params(id, i, data.emails().get(i), data.emails().get(i).toLowerCase(Locale.ROOT)).update();
        }
        for (int i = 0; i < data.phones().size(); i++) {
            jdbc.sql("INSERT INTO contact_phone (contact_id, position, number) VALUES (?, ?, ?)")
                    .params(id, i, data.phones().get(i)).update();
        }
        for (String group : new java.util.LinkedHashSet<>(data.groups())) {
            jdbc.sql("INSERT INTO contact_group (contact_id, group_name) VALUES (?, ?)").params(id, group).update();
        }
    }

    private static String sortName(String fullName) {
        String lower = fullName.strip().toLowerCase(Locale.ROOT);
        return lower.length() > 255 ? lower.substring(0, 255) : lower;
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
