package dev.mailwright.store;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

import dev.mailwright.store.MailStore.Appended;
import dev.mailwright.store.MailStore.AppendedAll;
import dev.mailwright.store.MailStore.Delivered;
import dev.mailwright.store.MailStore.Delivery;
import dev.mailwright.store.MailStore.Envelope;
import dev.mailwright.store.search.SearchText;
import dev.mailwright.store.ingest.MessageParser;
import dev.mailwright.store.ingest.ParsedMessage;

/**
 * New messages entering the store (SMTP delivery, IMAP APPEND, webmail drafts). Parsing and a blob file's write
 * happen first, outside any transaction; then one short transaction writes a small blob kept in the database, locks
 * the target mailboxes in ascending id order, allocates UIDs and MODSEQs, inserts the rows, adjusts the counters and
 * queues the events.
 */
@Component
class MessageIngest {
    private final MessageParser parser;
    private final BlobStore blobs;
    private final StoreTransactions tx;
    private final MailboxRows mailboxes;
    private final MessageRows messages;
    private final AfterCommitEvents events;
    private PrivateSeen privateSeen;

    @org.springframework.beans.factory.annotation.Autowired
    void setPrivateSeen(PrivateSeen privateSeen) {
        this.privateSeen = privateSeen;
    }
    private final JdbcClient jdbc;
    private final QuotaGuard quotas;
    private final DiskSpace disk;
    private final AccessControl access;
    private final WriteBatches batches;

    MessageIngest(MessageParser parser, BlobStore blobs, StoreTransactions tx, MailboxRows mailboxes,
                  MessageRows messages, AfterCommitEvents events, JdbcClient jdbc, QuotaGuard quotas, DiskSpace disk,
                  AccessControl access, WriteBatches batches) {
        this.access = access;
        this.batches = batches;
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

    /**
     * A parsed message whose bytes are staged in the blob store: stored, or to be written by the transaction that
     * places it ({@link #writeBlob}). {@code searchHeader}: the folded header text of the search index
     * ({@link SearchText#header}).
     */
    record Stored(BlobStore.Staged blob, long size, ParsedMessage parsed, String searchHeader,
                  boolean headerLinesAreFields) {
        Stored(BlobStore.Staged blob, long size, ParsedMessage parsed, SearchText.Header header) {
            this(blob, size, parsed, header.text(), header.linesAreFields());
        }

        String blobHash() {
            return blob.hash();
        }

        /** In the transaction that places the message, before its first row names the blob. */
        void writeBlob() {
            blob.writeInTransaction();
        }

        /**
         * In the transaction that places the message: the blob's bytes when the statement placing the first copy is to
         * upsert them itself ({@link BlobStore.Staged#upsertContent}, PostgreSQL), else {@code null} after the blob
         * was written here. {@code copies}: how many mailboxes the message goes to (none: the blob is written now).
         */
        byte[] writeBlobUnlessPlacedWith(int copies) {
            if (blob.upsertContent() != null && copies > 0) {
                return blob.upsertContent();
            }
            writeBlob();
            return null;
        }
    }

    Stored store(MessageSource raw) {
        disk.requireRoom(raw.size());
        ParsedMessage parsed = parser.parse(raw);
        try {
            return new Stored(blobs.stage(raw), raw.size(), parsed, searchHeader(raw));
        } catch (IOException | java.io.UncheckedIOException e) {
            if (DiskSpace.isNoSpace(e)) {
                throw new StoreException.StorageFull("Cannot store message bytes, the disk is full", e);
            }
            throw new StoreException.StorageFailure("Cannot store message bytes", e);
        }
    }

    private static SearchText.Header searchHeader(MessageSource raw) throws IOException {
        try (java.io.InputStream in = raw.open()) {
            return SearchText.headerLines(in.readNBytes(SearchText.MAX_HEADER));
        }
    }

    Delivery accept(MessageSource raw, Envelope envelope) {
        List<AccountId> recipients = List.copyOf(new LinkedHashSet<>(envelope.localRecipients()));
        if (envelope.folder() == MailStore.Folder.JUNK) {
            recipients.stream().filter(account -> placementsOf(envelope, account).stream().anyMatch(p -> p.mailbox().isEmpty()))
                    .forEach(account -> ensureJunk(account.value()));
        }
        Stored stored = store(raw);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return batches.write(() -> {
            // every copy's mailbox, then locked in ascending mailbox id order (no deadlock between deliveries)
            TreeMap<Long, Copy> copies = new TreeMap<>();
            for (AccountId account : recipients) {
                for (MailStore.Placement placement : placementsOf(envelope, account)) {
                    Optional<Copy> shared = sharedCopy(account, placement);
                    if (shared.isPresent()) {
                        copies.merge(shared.get().mailbox(), shared.get(), Copy::with);
                        continue;
                    }
                    long mailbox = mailboxFor(account, placement, envelope.folder());
                    copies.merge(mailbox, new Copy(mailbox, account.value(), placement.flags(), Set.of()), Copy::with);
                }
            }
            // quota: account rows first, ascending, before any mailbox lock (QuotaGuard)
            java.util.TreeMap<Long, Integer> perAccount = new java.util.TreeMap<>();
            copies.values().forEach(copy -> perAccount.merge(copy.account(), 1, Integer::sum));
            for (var account : perAccount.entrySet()) {
                quotas.reserve(account.getKey(), account.getValue(), stored.size() * account.getValue());
            }
            byte[] blobToUpsert = stored.writeBlobUnlessPlacedWith(copies.size());
            List<Delivered> delivered = new ArrayList<>();
            for (var entry : copies.entrySet()) {
                Copy copy = entry.getValue();
                long uid = place(entry.getKey(), copy.account(), stored, copy.flags(), now, blobToUpsert).uid();
                blobToUpsert = null;
                for (long reader : copy.seenBy()) {
                    markSeenBy(reader, entry.getKey(), uid);
                }
                delivered.add(new Delivered(new AccountId(copy.account()), new MailboxId(entry.getKey()), uid));
            }
            List<Long> queued = new ArrayList<>();
            for (String recipient : envelope.remoteRecipients()) {
                queued.add(enqueue(stored.blobHash(), envelope.sender(), recipient, now));
            }
            for (MailStore.Forward forward : envelope.forwards()) {
                queued.add(enqueue(stored.blobHash(), forward.sender(), forward.recipient(), now));
            }
            return new Delivery(List.copyOf(delivered), List.copyOf(queued));
        });
    }

    /**
     * One copy: into {@code mailbox}, whose owner {@code account} gets the message row and pays the quota;
     * {@code seenBy}: other accounts whose script filed it there as \Seen, which is their own \Seen (PrivateSeen).
     */
    private record Copy(long mailbox, long account, Flags flags, Set<Long> seenBy) {
        Copy with(Copy other) {
            Set<Long> readers = new java.util.TreeSet<>(seenBy);
            readers.addAll(other.seenBy);
            return new Copy(mailbox, account, flags.with(other.flags), Set.copyOf(readers));
        }
    }

    /**
     * A copy the recipient's Sieve script files into a mailbox shared with it ({@code Shared/<owner>/<name>}). RFC 4314
     * §2.1: posting to a mailbox by mail is the {@code p} right; {@code i} (APPEND) lets the recipient put it there
     * anyway, so either will do. Without both, or when the name is not such a mailbox, nothing is filed there (the
     * copy goes where a failed fileinto goes: the INBOX). The copy belongs to the mailbox's owner, like a COPY across
     * accounts, and keeps only the flags the recipient's rights allow (as APPEND does); a \Seen among them is the
     * recipient's own, never the owner's (as APPEND into another account's mailbox).
     */
    private Optional<Copy> sharedCopy(AccountId recipient, MailStore.Placement placement) {
        return placement.mailbox().flatMap(MessageIngest::validName).filter(SharedNamespace::isShared)
                .flatMap(name -> access.resolve(recipient.value(), name))
                .filter(target -> target.ownerId() != recipient.value())
                .filter(target -> target.rights().has(Right.POST) || target.rights().has(Right.INSERT))
                .map(target -> {
                    Flags permitted = FlagPermission.of(target.rights()).restrict(placement.flags());
                    return permitted.has(SystemFlag.SEEN)
                            ? new Copy(target.mailboxId(), target.ownerId(), PrivateSeen.withSeen(permitted, false),
                                    Set.of(recipient.value()))
                            : new Copy(target.mailboxId(), target.ownerId(), permitted, Set.of());
                });
    }

    /** A Sieve-chosen name that cannot be a mailbox files into the INBOX instead of failing the delivery. */
    private static Optional<String> validName(String name) {
        try {
            return Optional.of(MailboxNames.normalize(name));
        } catch (StoreException.MailboxNotAllowed e) {
            return Optional.empty();
        }
    }

    private static List<MailStore.Placement> placementsOf(Envelope envelope, AccountId account) {
        return envelope.placements().getOrDefault(account, List.of(MailStore.Placement.FOLDER));
    }

    /** The mailbox of one copy: the envelope's folder, a named mailbox, created when asked, or else the INBOX. */
    private long mailboxFor(AccountId account, MailStore.Placement placement, MailStore.Folder folder) {
        long accountId = account.value();
        Optional<Long> named = placement.mailbox().flatMap(MessageIngest::validName).flatMap(name -> {
            Optional<Long> existing = mailboxes.findId(accountId, name);
            // the shared namespace is not the recipient's to create in: such a copy goes to the INBOX
            if (existing.isEmpty() && placement.create() && !MailboxNames.isInbox(name) && !SharedNamespace.isShared(name)) {
                return Optional.of(mailboxes.insertWithParents(accountId, name, Optional.empty(), (id, created) -> events.publish(
                        new MailboxEvent.MailboxCreated(new AccountId(accountId), new MailboxId(id), created))));
            }
            return existing;
        });
        if (named.isPresent()) {
            return named.get();
        }
        if (placement.mailbox().isEmpty() && folder == MailStore.Folder.JUNK) {
            return junkId(accountId).orElseThrow(() -> new StoreException.MailboxNotFound(SpecialUse.JUNK.defaultName()));
        }
        return mailboxes.inboxId(accountId)
                .orElseThrow(() -> new StoreException.AccountNotFound("#" + accountId));
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
            tx.write(() -> junkId(accountId).orElseGet(() -> {
                long id = mailboxes.insert(accountId, SpecialUse.JUNK.defaultName(), Optional.of(SpecialUse.JUNK));
                events.publish(new MailboxEvent.MailboxCreated(new AccountId(accountId), new MailboxId(id), SpecialUse.JUNK.defaultName()));
                return id;
            }));
        } catch (StoreException.StorageFailure e) {
            if (!(e.getCause() instanceof org.springframework.dao.DuplicateKeyException)) {
                throw e;
            }
            // another delivery created it at the same moment: it exists now, which is all we need
        }
    }

    Appended append(AccountId account, String mailbox, MessageSource raw, Flags flags, Optional<Instant> internalDate,
                    Optional<MailboxId> claimRecentIn) {
        String name = MailboxNames.normalize(mailbox);
        // fail fast before storing anything; checked again under the lock, so its look-ups need no transaction of
        // their own (on PostgreSQL that would be two more round trips per APPEND)
        tx.readStatement(() -> access.require(account.value(), name, Right.INSERT));
        Stored stored = store(raw);
        Instant date = internalDate.orElseGet(Instant::now).truncatedTo(ChronoUnit.SECONDS);
        return batches.write(() -> {
            byte[] blobToUpsert = stored.writeBlobUnlessPlacedWith(1);
            // RFC 4314 §4: i to append; flags only as far as s, w and t allow. The owner's quota and rows.
            AccessControl.Target target = access.require(account.value(), name, Right.INSERT);
            long mailboxId = target.mailboxId();
            quotas.reserve(target.ownerId(), 1, stored.size());
            Flags permitted = FlagPermission.of(target.rights()).restrict(flags);
            // the placement locks the mailbox and reads its UIDVALIDITY and \Recent mark
            MailboxRows.Allocated placed;
            if (target.owned(account.value()) || !permitted.has(SystemFlag.SEEN)) {
                placed = place(mailboxId, target.ownerId(), stored, permitted, date, blobToUpsert);
            } else {
                // someone else's mailbox: the appender's \Seen is the appender's own (PrivateSeen), the owner's stays unset
                placed = place(mailboxId, target.ownerId(), stored, PrivateSeen.withSeen(permitted, false), date, blobToUpsert);
                markSeenBy(account.value(), mailboxId, placed.uid());
            }
            long recentFrom = claimRecent(claimRecentIn, mailboxId, placed.recentUid(), placed.uid() + 1);
            return new Appended(new MailboxId(mailboxId), placed.uidValidity(), placed.uid(), recentFrom);
        });
    }

    /**
     * MULTIAPPEND: every message is parsed and its blob staged first (a failure there stores nothing in the
     * mailbox; blob files left behind are swept as unreferenced), then one transaction reserves quota for the total
     * and places them all under the mailbox lock, so their UIDs are consecutive.
     */
    AppendedAll appendAll(AccountId account, String mailbox, List<MailStore.NewMessage> newMessages,
                          Optional<MailboxId> claimRecentIn) {
        if (newMessages.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        String name = MailboxNames.normalize(mailbox);
        tx.readStatement(() -> mailboxes.require(account.value(), name));   // fail fast; checked again under the lock
        List<Stored> stored = new ArrayList<>(newMessages.size());
        long totalBytes = 0;
        for (MailStore.NewMessage m : newMessages) {
            Stored s = store(m.raw());
            stored.add(s);
            totalBytes += s.size();
        }
        Instant now = Instant.now();
        long total = totalBytes;
        return batches.write(() -> {
            stored.forEach(Stored::writeBlob);
            long mailboxId = mailboxes.require(account.value(), name);
            quotas.reserve(account.value(), stored.size(), total);
            MailboxRows.Locked box = mailboxes.lock(mailboxId);
            List<Long> uids = new ArrayList<>(stored.size());
            for (int i = 0; i < stored.size(); i++) {
                MailStore.NewMessage m = newMessages.get(i);
                Instant date = m.internalDate().orElse(now).truncatedTo(ChronoUnit.SECONDS);
                uids.add(place(mailboxId, account.value(), stored.get(i), m.flags(), date, null).uid());
            }
            long recentFrom = claimRecent(claimRecentIn, box.id(), box.recentUid(), uids.getLast() + 1);
            return new AppendedAll(new MailboxId(mailboxId), box.uidValidity(), uids, recentFrom);
        });
    }

    /**
     * The \Recent claim of {@link MailStore#append}: when {@code claimant} is the mailbox just appended to (locked, its
     * recent mark {@code recentUid} read under the lock), everything from that mark on becomes the caller's; the first
     * UID so claimed, or 0.
     */
    private long claimRecent(Optional<MailboxId> claimant, long mailboxId, long recentUid, long uidNext) {
        if (claimant.isEmpty() || claimant.get().value() != mailboxId) {
            return 0;
        }
        mailboxes.setRecentUid(mailboxId, uidNext);
        return recentUid;
    }

    /** A message just placed in another account's mailbox is \Seen for {@code reader} alone (PrivateSeen). */
    private void markSeenBy(long reader, long mailboxId, long uid) {
        privateSeen.write(reader, mailboxId, java.util.Map.of(uid, true), mailboxes.lock(mailboxId).highestModseq());
    }

    /**
     * Inserts one new message into one mailbox, taking its lock; returns its UID and MODSEQ (and the mailbox's
     * UIDVALIDITY and \Recent mark). {@code blobToUpsert}: the blob's bytes when this statement is to write them
     * ({@link Stored#writeBlobUnlessPlacedWith}), else {@code null}.
     */
    private MailboxRows.Allocated place(long mailboxId, long accountId, Stored stored, Flags flags, Instant internalDate,
                                        byte[] blobToUpsert) {
        MailboxRows.Allocated next = messages.placeNewMessage(accountId, stored.blobHash(), stored.size(), stored.parsed(),
                stored.searchHeader(), stored.headerLinesAreFields(), mailboxId, flags, internalDate, blobToUpsert);
        events.publish(new MailboxEvent.MessagesAdded(new AccountId(accountId), new MailboxId(mailboxId),
                List.of(next.uid()), next.modseq()));
        return next;
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
