package dev.mailwright.store;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mailwright.store.MailStore.AclEntry;
import dev.mailwright.store.MailStore.RightsChange;

/**
 * Who may do what with a mailbox (RFC 4314). The owner has every right; anyone else has the union of the rights the
 * mailbox's ACL gives to their address and to {@code anyone}. Every store operation that names a mailbox resolves it
 * here: a caller who may not see a mailbox (no {@code l}) and lacks the right asked for finds no mailbox at all; one
 * who sees it but lacks the right gets {@link StoreException.PermissionDenied}. Callers run inside a store transaction.
 */
@Component
class AccessControl {
    static final String ANYONE = "anyone";

    private final JdbcClient jdbc;
    private final MailboxRows mailboxes;

    AccessControl(JdbcClient jdbc, MailboxRows mailboxes) {
        this.jdbc = jdbc;
        this.mailboxes = mailboxes;
    }

    /**
     * A mailbox as one caller reaches it: its id, its owner, its name in the owner's account, the name the caller
     * uses (different inside the shared namespace) and the caller's rights.
     */
    record Target(long mailboxId, long ownerId, String ownName, String visibleName, Rights rights) {
        boolean owned(long actorId) {
            return ownerId == actorId;
        }
    }

    /** The mailbox {@code normalized} names for the caller; empty when it does not exist or the caller has no right on it. */
    Optional<Target> resolve(long actorId, String normalized) {
        if (!SharedNamespace.isShared(normalized)) {
            return mailboxes.findId(actorId, normalized)
                    .map(id -> new Target(id, actorId, normalized, normalized, Rights.ALL));
        }
        Optional<SharedNamespace.SharedName> shared = SharedNamespace.parse(normalized);
        if (shared.isEmpty() || shared.get().ownName().isEmpty()) {
            return Optional.empty();   // Shared and Shared/owner are levels of the namespace, never mailboxes
        }
        Optional<Long> owner = accountId(shared.get().ownerAddress());
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        String own = shared.get().ownName().get();
        return mailboxes.findId(owner.get(), own).flatMap(id -> {
            Rights rights = owner.get() == actorId ? Rights.ALL : granted(actorId, id);
            return rights.isEmpty() ? Optional.empty() : Optional.of(new Target(id, owner.get(), own, normalized, rights));
        });
    }

    /** Resolves and checks: the caller must hold every one of {@code needed}. */
    Target require(long actorId, String normalized, Right... needed) {
        Target target = resolve(actorId, normalized).orElseThrow(() -> new StoreException.MailboxNotFound(normalized));
        check(target.rights(), normalized, needed);
        return target;
    }

    /** The caller's rights on a mailbox known by id; {@link StoreException.MailboxNotFound} when it has none. */
    Rights requireOn(long actorId, long mailboxId, Right... needed) {
        long owner = ownerOf(mailboxId);
        Rights rights = owner == actorId ? Rights.ALL : granted(actorId, mailboxId);
        if (rights.isEmpty()) {
            throw new StoreException.MailboxNotFound("#" + mailboxId);
        }
        check(rights, "#" + mailboxId, needed);
        return rights;
    }

    long ownerOf(long mailboxId) {
        return mailboxes.ownerOf(mailboxId).orElseThrow(() -> new StoreException.MailboxNotFound("#" + mailboxId));
    }

    private static void check(Rights rights, String name, Right... needed) {
        for (Right right : needed) {
            if (!rights.has(right)) {
                if (!rights.has(Right.LOOKUP)) {
                    throw new StoreException.MailboxNotFound(name);   // RFC 4314 §4: do not reveal what one cannot see
                }
                throw new StoreException.PermissionDenied(right);
            }
        }
    }

    /** What the ACL gives the caller (not the owner) on a mailbox: its address's entry and {@code anyone}'s. */
    Rights granted(long actorId, long mailboxId) {
        String address = address(actorId);
        EnumSet<Right> set = EnumSet.noneOf(Right.class);
        jdbc.sql("SELECT rights FROM mailbox_acl WHERE mailbox_id = ? AND identifier IN (?, ?)")
                .params(mailboxId, address, ANYONE).query(String.class).list()
                .forEach(letters -> set.addAll(Rights.parse(letters).rights()));
        return new Rights(set);
    }

    /** The ACL of a mailbox the caller administers: the owner first (every right), then the entries by identifier. */
    List<AclEntry> acl(Target target) {
        List<AclEntry> out = new ArrayList<>();
        out.add(new AclEntry(address(target.ownerId()), Rights.ALL));
        jdbc.sql("SELECT identifier, rights FROM mailbox_acl WHERE mailbox_id = ? ORDER BY identifier")
                .param(target.mailboxId())
                .query((rs, n) -> new AclEntry(rs.getString(1), Rights.parse(rs.getString(2))))
                .list().forEach(out::add);
        return out;
    }

    /** SETACL: applies the change to the identifier's entry under the mailbox lock; an empty result removes the entry. */
    void change(Target target, String identifier, RightsChange change) {
        String id = identifier(target, identifier);
        mailboxes.lock(target.mailboxId());
        Rights current = jdbc.sql("SELECT rights FROM mailbox_acl WHERE mailbox_id = ? AND identifier = ?")
                .params(target.mailboxId(), id).query(String.class).optional().map(Rights::parse).orElse(Rights.NONE);
        Rights next = switch (change.mode()) {
            case REPLACE -> change.rights();
            case ADD -> current.with(change.rights());
            case REMOVE -> current.without(change.rights());
        };
        jdbc.sql("DELETE FROM mailbox_acl WHERE mailbox_id = ? AND identifier = ?").params(target.mailboxId(), id).update();
        if (!next.isEmpty()) {
            jdbc.sql("INSERT INTO mailbox_acl (mailbox_id, identifier, rights) VALUES (?, ?, ?)")
                    .params(target.mailboxId(), id, next.letters()).update();
        }
    }

    /** DELETEACL. */
    void remove(Target target, String identifier) {
        String id = identifier(target, identifier);
        mailboxes.lock(target.mailboxId());
        jdbc.sql("DELETE FROM mailbox_acl WHERE mailbox_id = ? AND identifier = ?").params(target.mailboxId(), id).update();
    }

    /** A new mailbox starts with its parent's ACL (so whoever could create it below a shared parent can use it). */
    void inherit(long parentId, long childId) {
        jdbc.sql("INSERT INTO mailbox_acl (mailbox_id, identifier, rights) SELECT ?, identifier, rights FROM mailbox_acl"
                + " WHERE mailbox_id = ?").params(childId, parentId).update();
    }

    /**
     * Mailboxes of other accounts the caller may see ({@code l}), by the names the caller uses, with the caller's
     * subscriptions and rights.
     */
    List<Shared> sharedWith(long actorId) {
        String address = address(actorId);
        Map<Long, Shared> byId = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT mb.id, mb.account_id, a.address_lower, mb.name, acl.rights
                        FROM mailbox_acl acl JOIN mailbox mb ON mb.id = acl.mailbox_id JOIN account a ON a.id = mb.account_id
                        WHERE acl.identifier IN (?, ?) AND mb.account_id <> ?
                        ORDER BY a.address_lower, mb.name""")
                .params(address, ANYONE, actorId)
                .query((rs, n) -> new Shared(rs.getLong(1), rs.getLong(2), SharedNamespace.visibleName(rs.getString(3), rs.getString(4)),
                        Rights.parse(rs.getString(5))))
                .list()
                .forEach(s -> byId.merge(s.mailboxId(), s, (a, b) -> new Shared(a.mailboxId(), a.ownerId(), a.visibleName(),
                        a.rights().with(b.rights()))));
        return byId.values().stream().filter(s -> s.rights().has(Right.LOOKUP)).toList();
    }

    record Shared(long mailboxId, long ownerId, String visibleName, Rights rights) {
    }

    /** The name the caller uses for a mailbox given by id: its own name when owned, else the shared one. */
    String visibleName(long actorId, long mailboxId) {
        record Row(long owner, String address, String name) {
        }
        Row row = jdbc.sql("SELECT mb.account_id, a.address_lower, mb.name FROM mailbox mb JOIN account a ON a.id = mb.account_id"
                        + " WHERE mb.id = ?").param(mailboxId)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3))).optional()
                .orElseThrow(() -> new StoreException.MailboxNotFound("#" + mailboxId));
        return row.owner() == actorId ? row.name() : SharedNamespace.visibleName(row.address(), row.name());
    }

    /** A mailbox's info as the caller sees it: unchanged when owned, else by its shared name, with the caller's subscription. */
    MailboxInfo asSeenBy(long actorId, MailboxInfo info) {
        if (info.owner().value() == actorId) {
            return info;
        }
        String name = SharedNamespace.visibleName(address(info.owner().value()), info.name());
        boolean subscribed = jdbc.sql("SELECT COUNT(*) FROM subscription WHERE account_id = ? AND name = ?")
                .params(actorId, name).query(Long.class).single() > 0;
        // \Seen is the caller's own here (PrivateSeen): unseen is what the caller has not seen
        long seen = jdbc.sql("SELECT COUNT(*) FROM mailbox_seen WHERE account_id = ? AND mailbox_id = ? AND seen = TRUE")
                .params(actorId, info.id().value()).query(Long.class).single();
        return new MailboxInfo(info.id(), info.owner(), name, info.uidValidity(), info.uidNext(), info.highestModseq(),
                info.messages(), Math.max(0, info.messages() - seen), info.sizeBytes(), info.specialUse(), subscribed);
    }

    /** An identifier an entry may name: {@code anyone} or an account's address, never the owner's. */
    private String identifier(Target target, String identifier) {
        String id = identifier.toLowerCase(Locale.ROOT);
        if (id.startsWith("-")) {
            throw new StoreException.MailboxNotAllowed("Negative rights are not supported");
        }
        if (id.equals(ANYONE)) {
            return id;
        }
        long account = accountId(id).orElseThrow(() -> new StoreException.AccountNotFound(identifier));
        if (account == target.ownerId()) {
            throw new StoreException.MailboxNotAllowed("The owner always has every right");
        }
        return id;
    }

    String address(long accountId) {
        return jdbc.sql("SELECT address_lower FROM account WHERE id = ?").param(accountId).query(String.class).optional()
                .orElseThrow(() -> new StoreException.AccountNotFound("#" + accountId));
    }

    Optional<Long> accountId(String addressLower) {
        return jdbc.sql("SELECT id FROM account WHERE address_lower = ?").param(addressLower).query(Long.class).optional();
    }
}
