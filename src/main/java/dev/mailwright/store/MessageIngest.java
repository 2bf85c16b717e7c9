package dev.mailwright.store;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

import dev.mailwright.store.MailStore.Appended;
import dev.mailwright.store.MailStore.Delivered;
import dev.mailwright.store.MailStore.Delivery;
import dev.mailwright.store.MailStore.Envelope;
import dev.mailwright.store.search.SearchText;
import dev.mailwright.store.ingest.MessageParser;
import dev.mailwright.store.ingest.ParsedMessage;

/**
 * New messages entering the store (SMTP delivery, IMAP APPEND, webmail drafts). Parsing and the blob write
 * happen first, outside any transaction; then one short transaction locks the target mailboxes in ascending id
 * order, allocates UIDs and MODSEQs, inserts the rows, adjusts the counters and queues the events.
 */
@Component
class MessageIngest {
    private final MessageParser parser;
    private final BlobStore blobs;
    private final StoreTransactions tx;
    private final MailboxRows mailboxes;
    private final MessageRows messages;
    private final AfterCommitEvents events;
    private final JdbcClient jdbc;
    private final QuotaGuard quotas;
    private final DiskSpace disk;

    MessageIngest(MessageParser parser, BlobStore blobs, StoreTransactions tx, MailboxRows mailboxes,
                  MessageRows messages, AfterCommitEvents events, JdbcClient jdbc, QuotaGuard quotas, DiskSpace disk) {
        this.disk = disk;
        this.quotas = quotas;
        this.parser = parser;
        this.blobs = blobs;
        this.tx = tx;
        this.mailboxes = mailboxes;
        this.messages = messages;
        this.events = events;
        this.jdbc = jdbc;
    }

    /** A parsed message whose bytes are already in the blob store. */
    /** {@code searchHeader}: the folded header text of the search index ({@link SearchText#header}). */
    record Stored(String blobHash, long size, ParsedMessage parsed, String searchHeader) {
    }

    Stored store(MessageSource raw) {
        disk.requireRoom(raw.size());
        ParsedMessage parsed = parser.parse(raw);
        try {
            return new Stored(blobs.put(raw), raw.size(), parsed, searchHeader(raw));
        } catch (IOException | java.io.UncheckedIOException e) {
            if (DiskSpace.isNoSpace(e)) {
                throw new StoreException.StorageFull("Cannot store message bytes, the disk is full", e);
            }
            throw new StoreException.StorageFailure("Cannot store message bytes", e);
        }
    }

    private static String searchHeader(MessageSource raw) throws IOException {
        try (java.io.InputStream in = raw.open()) {
            return SearchText.header(in.readNBytes(SearchText.MAX_HEADER));
        }
    }

    Delivery accept(MessageSource raw, Envelope envelope) {
        if (envelope.folder() == MailStore.Folder.JUNK) {
            new LinkedHashSet<>(envelope.localRecipients()).forEach(account -> ensureJunk(account.value()));
        }
        Stored stored = store(raw);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return tx.write(() -> {
            // target mailbox of each distinct recipient, locked in ascending mailbox id order (no deadlock between deliveries)
            TreeMap<Long, Long> inboxToAccount = new TreeMap<>();
            for (AccountId account : new LinkedHashSet<>(envelope.localRecipients())) {
                long inbox = switch (envelope.folder()) {
                    case INBOX -> mailboxes.findId(account.value(), MailboxNames.INBOX)
                            .orElseThrow(() -> new StoreException.AccountNotFound("#" + account.value()));
                    case JUNK -> junkId(account.value())
                            .orElseThrow(() -> new StoreException.MailboxNotFound(SpecialUse.JUNK.defaultName()));
                };
                inboxToAccount.put(inbox, account.value());
            }
            // quota: account rows first, ascending, before any mailbox lock (QuotaGuard)
            for (long account : new java.util.TreeSet<>(inboxToAccount.values())) {
                quotas.reserve(account, 1, stored.size());
            }
            List<Delivered> delivered = new ArrayList<>();
            for (var entry : inboxToAccount.entrySet()) {
                long uid = place(entry.getKey(), entry.getValue(), stored, Flags.NONE, now);
                delivered.add(new Delivered(new AccountId(entry.getValue()), new MailboxId(entry.getKey()), uid));
            }
            List<Long> queued = new ArrayList<>();
            for (String recipient : envelope.remoteRecipients()) {
                queued.add(enqueue(stored.blobHash(), envelope.sender(), recipient, now));
            }
            return new Delivery(List.copyOf(delivered), List.copyOf(queued));
        });
    }

    /** The account's {@code \\Junk} mailbox, else its mailbox named Junk. */
    private Optional<Long> junkId(long accountId) {
        return mailboxes.info(accountId, SpecialUse.JUNK).map(info -> info.id().value())
                .or(() -> mailboxes.findId(accountId, SpecialUse.JUNK.defaultName()));
    }

    /** Creates the Junk mailbox (with {@code \\Junk}) in a transaction of its own when the account has none. */
    private void ensureJunk(long accountId) {
        if (tx.read(() -> junkId(accountId)).isPresent()) {
            return;
        }
        try {
            tx.write(() -> junkId(accountId).orElseGet(
                    () -> mailboxes.insert(accountId, SpecialUse.JUNK.defaultName(), Optional.of(SpecialUse.JUNK))));
        } catch (StoreException.StorageFailure e) {
            if (!(e.getCause() instanceof org.springframework.dao.DuplicateKeyException)) {
                throw e;
            }
            // another delivery created it at the same moment: it exists now, which is all we need
        }
    }

    Appended append(AccountId account, String mailbox, MessageSource raw, Flags flags, Optional<Instant> internalDate) {
        String name = MailboxNames.normalize(mailbox);
        // fail fast before storing anything; checked again under the lock
        tx.read(() -> mailboxes.require(account.value(), name));
        Stored stored = store(raw);
        Instant date = internalDate.orElseGet(Instant::now).truncatedTo(ChronoUnit.SECONDS);
        return tx.write(() -> {
            long mailboxId = mailboxes.require(account.value(), name);
            quotas.reserve(account.value(), 1, stored.size());
            long uid = place(mailboxId, account.value(), stored, flags, date);
            long uidValidity = mailboxes.lock(mailboxId).uidValidity();
            return new Appended(new MailboxId(mailboxId), uidValidity, uid);
        });
    }

    /** Inserts one new message into one mailbox under its lock; returns the UID. */
    private long place(long mailboxId, long accountId, Stored stored, Flags flags, Instant internalDate) {
        MailboxRows.Locked box = mailboxes.lock(mailboxId);
        long uid = box.uidNext();
        long modseq = box.highestModseq() + 1;
        long messageId = messages.insertMessage(accountId, stored.blobHash(), stored.size(), stored.parsed(),
                stored.searchHeader());
        messages.insertPlacement(mailboxId, uid, messageId, modseq, flags, internalDate);
        mailboxes.advance(mailboxId, uid + 1, modseq, 1, flags.has(SystemFlag.SEEN) ? 0 : 1, stored.size());
        events.publish(new MailboxEvent.MessagesAdded(new AccountId(accountId), new MailboxId(mailboxId), List.of(uid), modseq));
        return uid;
    }

    private long enqueue(String blobHash, String sender, String recipient, Instant now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO outbound_queue (blob_hash, sender, recipient, created_at, next_attempt_at, attempts,
                                                    last_error, status)
                        VALUES (?, ?, ?, ?, ?, 0, NULL, 'QUEUED')""")
                .params(blobHash, sender, recipient, MessageRows.timestamp(now), MessageRows.timestamp(now))
                .update(key, "id");
        return key.getKeyAs(Long.class);
    }
}
