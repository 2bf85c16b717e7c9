package dev.mailwright.store;

import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** CREATE, RENAME, DELETE and (UN)SUBSCRIBE. Parents are created as real mailboxes, never left \Noselect. */
@Component
class MailboxMutations {
    private final StoreTransactions tx;
    private final MailboxRows mailboxes;
    private final MessageMutations messageMutations;
    private final AfterCommitEvents events;
    private final JdbcClient jdbc;
    private final AccessControl access;

    MailboxMutations(StoreTransactions tx, MailboxRows mailboxes, MessageMutations messageMutations,
                     AfterCommitEvents events, JdbcClient jdbc, AccessControl access) {
        this.access = access;
        this.tx = tx;
        this.mailboxes = mailboxes;
        this.messageMutations = messageMutations;
        this.events = events;
        this.jdbc = jdbc;
    }

    MailboxInfo create(AccountId account, String name) {
        String normalized = MailboxNames.normalize(name);
        return tx.write(() -> {
            if (SharedNamespace.isShared(normalized)) {
                return createShared(account, normalized);
            }
            if (mailboxes.findId(account.value(), normalized).isPresent()) {
                throw new StoreException.MailboxExists(normalized);
            }
            mailboxes.insertWithParents(account.value(), normalized, Optional.empty(), created(account));
            return mailboxes.info(account.value(), normalized).orElseThrow();
        });
    }

    /**
     * CREATE inside the shared namespace (RFC 4314 §4): {@code k} on the parent, which must exist; the new mailbox
     * belongs to the parent's owner and starts with the parent's ACL.
     */
    private MailboxInfo createShared(AccountId account, String normalized) {
        OwnName own = ownName(account, normalized);
        if (own.ownerId() == account.value()) {
            return create(account, own.name());
        }
        List<String> ancestors = MailboxNames.ancestors(own.name());
        if (ancestors.isEmpty()) {
            throw new StoreException.MailboxNotAllowed("Cannot create a mailbox at the top of another account");
        }
        String parentName = normalized.substring(0, normalized.lastIndexOf(MailboxNames.DELIMITER));
        AccessControl.Target parent = access.require(account.value(), parentName, Right.CREATE_MAILBOX);
        if (mailboxes.findId(own.ownerId(), own.name()).isPresent()) {
            throw new StoreException.MailboxExists(normalized);
        }
        long id = mailboxes.insert(own.ownerId(), own.name(), Optional.empty());
        created(new AccountId(own.ownerId())).accept(id, own.name());
        access.inherit(parent.mailboxId(), id);
        return access.asSeenBy(account.value(), mailboxes.info(own.ownerId(), id).orElseThrow());
    }

    /** Publishes {@link MailboxEvent.MailboxCreated} for each mailbox of {@code owner} it is told of (NOTIFY, RFC 5465 §5.4). */
    private java.util.function.BiConsumer<Long, String> created(AccountId owner) {
        return (id, name) -> events.publish(new MailboxEvent.MailboxCreated(owner, new MailboxId(id), name));
    }

    /** The owner and own name of a name in the shared namespace that names a mailbox (existing or not). */
    private record OwnName(long ownerId, String name) {
    }

    private OwnName ownName(AccountId account, String normalized) {
        SharedNamespace.SharedName shared = SharedNamespace.parse(normalized)
                .filter(n -> n.ownName().isPresent())
                .orElseThrow(() -> new StoreException.MailboxNotAllowed("Not a mailbox name in the shared namespace: " + normalized));
        long owner = access.accountId(shared.ownerAddress()).orElseThrow(() -> new StoreException.MailboxNotFound(normalized));
        return new OwnName(owner, shared.ownName().get());
    }

    /** Inside a transaction: creates missing ancestors, then the mailbox itself. */
    /** For a new account's own mailboxes, inside the caller's transaction. */
    long createWithParents(long accountId, String normalized, Optional<SpecialUse> use) {
        return mailboxes.insertWithParents(accountId, normalized, use);
    }

    void rename(AccountId account, String from, String to) {
        String source = MailboxNames.normalize(from);
        String target = MailboxNames.normalize(to);
        tx.write(() -> {
            if (SharedNamespace.isShared(source) || SharedNamespace.isShared(target)) {
                renameShared(account, source, target);
                return;
            }
            renameWithin(account, source, target);
        });
    }

    /**
     * RENAME where either name is in the shared namespace: both in one owner's account; {@code x} on the mailbox and
     * {@code k} on the new parent (RFC 4314 §4).
     */
    private void renameShared(AccountId account, String source, String target) {
        AccessControl.Target from = access.require(account.value(), source, Right.DELETE_MAILBOX);
        OwnName to = SharedNamespace.isShared(target) ? ownName(account, target) : new OwnName(account.value(), target);
        if (to.ownerId() != from.ownerId()) {
            throw new StoreException.MailboxNotAllowed("Cannot rename a mailbox into another account");
        }
        if (!from.owned(account.value())) {
            List<String> ancestors = MailboxNames.ancestors(to.name());
            if (ancestors.isEmpty()) {
                throw new StoreException.MailboxNotAllowed("Cannot rename to the top of another account");
            }
            access.require(account.value(), target.substring(0, target.lastIndexOf(MailboxNames.DELIMITER)), Right.CREATE_MAILBOX);
        }
        renameWithin(new AccountId(from.ownerId()), from.ownName(), to.name());
    }

    /** RENAME inside one account, names normalized, in the caller's transaction. */
    private void renameWithin(AccountId account, String source, String target) {
        long sourceId = mailboxes.require(account.value(), source);
        if (mailboxes.findId(account.value(), target).isPresent()) {
            throw new StoreException.MailboxExists(target);
        }
        if (MailboxNames.isInferior(target, source)) {
            throw new StoreException.MailboxNotAllowed("Cannot rename a mailbox into itself");
        }
        if (MailboxNames.isInbox(target)) {
            throw new StoreException.MailboxExists(target);
        }
        if (MailboxNames.isInbox(source)) {
            renameInbox(account, sourceId, target);
            return;
        }
        List<String> children = mailboxes.namesUnder(account.value(), source);
        for (String parent : MailboxNames.ancestors(target)) {
            if (mailboxes.findId(account.value(), parent).isEmpty()) {
                created(account).accept(mailboxes.insert(account.value(), parent, Optional.empty()), parent);
            }
        }
        renameOne(account, sourceId, source, target);
        for (String child : children) {
            String newName = target + child.substring(source.length());
            renameOne(account, mailboxes.require(account.value(), child), child, newName);
        }
    }

    private void renameOne(AccountId account, long id, String oldName, String newName) {
        mailboxes.lock(id);
        mailboxes.rename(id, newName);
        jdbc.sql("UPDATE subscription SET name = ? WHERE account_id = ? AND name = ?")
                .params(newName, account.value(), oldName).update();
        events.publish(new MailboxEvent.MailboxChanged(account, new MailboxId(id), oldName, Optional.of(newName)));
    }

    /** RFC 3501 §6.3.5: INBOX's messages move to the new mailbox; INBOX stays, empty; its children stay. */
    private void renameInbox(AccountId account, long inboxId, String target) {
        mailboxes.insertWithParents(account.value(), target, Optional.empty(), created(account));
        messageMutations.transfer(account, new MailboxId(inboxId), UidSet.ALL, target, MessageMutations.Transfer.MOVE);
    }

    void delete(AccountId account, String name) {
        String normalized = MailboxNames.normalize(name);
        if (MailboxNames.isInbox(normalized)) {
            throw new StoreException.MailboxNotAllowed("INBOX cannot be deleted");
        }
        tx.write(() -> {
            AccessControl.Target target = access.require(account.value(), normalized, Right.DELETE_MAILBOX);
            if (MailboxNames.isInbox(target.ownName())) {
                throw new StoreException.MailboxNotAllowed("INBOX cannot be deleted");
            }
            long id = target.mailboxId();
            AccountId owner = new AccountId(target.ownerId());
            // children stay; the name lives on only as their parent, which IMAP lists \Noselect (RFC 3501 §6.3.4)
            mailboxes.lock(id);
            jdbc.sql("DELETE FROM mailbox_message WHERE mailbox_id = ?").param(id).update();
            jdbc.sql("DELETE FROM mailbox_message_keys WHERE mailbox_id = ?").param(id).update();
            jdbc.sql("DELETE FROM expunged WHERE mailbox_id = ?").param(id).update();
            mailboxes.delete(id);
            // message rows of this account that no mailbox holds any more (COPY shares them between mailboxes)
            jdbc.sql("DELETE FROM message WHERE account_id = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM mailbox_message_keys k WHERE k.message_id = message.id)")
                    .param(owner.value()).update();
            events.publish(new MailboxEvent.MailboxChanged(owner, new MailboxId(id), target.ownName(), Optional.empty()));
        });
    }

    void subscribe(AccountId account, String name) {
        String normalized = MailboxNames.normalize(name);
        try {
            tx.write(() -> subscribeInTransaction(account.value(), normalized));
        } catch (StoreException.StorageFailure e) {
            if (!(e.getCause() instanceof DuplicateKeyException)) {
                throw e;
            }
            // a concurrent SUBSCRIBE of the same name won: the subscription exists, which is what was asked
        }
    }

    void subscribeInTransaction(long accountId, String normalized) {
        long exists = jdbc.sql("SELECT COUNT(*) FROM subscription WHERE account_id = ? AND name = ?")
                .params(accountId, normalized).query(Long.class).single();
        if (exists == 0) {
            jdbc.sql("INSERT INTO subscription (account_id, name) VALUES (?, ?)").params(accountId, normalized).update();
            subscriptionChanged(accountId, normalized, true);
        }
    }

    void unsubscribe(AccountId account, String name) {
        String normalized = MailboxNames.normalize(name);
        tx.write(() -> {
            int removed = jdbc.sql("DELETE FROM subscription WHERE account_id = ? AND name = ?")
                    .params(account.value(), normalized).update();
            if (removed > 0) {
                subscriptionChanged(account.value(), normalized, false);
            }
        });
    }

    /** NOTIFY's SubscriptionChange (RFC 5465 §5.5), for the subscribing account, with the mailbox when it exists. */
    private void subscriptionChanged(long accountId, String normalized, boolean subscribed) {
        MailboxId mailbox = access.resolve(accountId, normalized).map(t -> new MailboxId(t.mailboxId()))
                .orElse(MailboxEvent.NO_MAILBOX);
        events.publish(new MailboxEvent.SubscriptionChanged(new AccountId(accountId), mailbox, normalized, subscribed));
    }
}
