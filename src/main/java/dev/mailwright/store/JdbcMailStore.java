package dev.mailwright.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.mailwright.store.search.SearchIndex;
import dev.mailwright.store.search.SearchText;

/**
 * The {@link MailStore}: mutations delegate to {@link MessageIngest}, {@link MessageMutations}, {@link FlagUpdater} and
 * {@link MailboxMutations}; reads are narrow JDBC projections, streamed inside a read-only transaction.
 * Events reach listeners only after commit (see {@link AfterCommitEvents}).
 */
@Service
class JdbcMailStore implements MailStore {
    private final StoreTransactions tx;
    private final MessageIngest ingest;
    private final MessageMutations mutations;
    private final FlagUpdater flagUpdater;
    private final MailboxMutations mailboxMutations;
    private final MailboxRows mailboxes;
    private final MessageRows messages;
    private final BlobStore blobs;
    private final JdbcClient jdbc;
    private final SortedPages sortedPages;
    private final Conversations conversations;
    private final DiskSpace disk;
    private final MissingBlobs missing;
    private final SortRows sortRows;
    private final AccessControl access;
    private final SearchIndex index;
    private final SortKeyCache sortKeyCache;
    private final SelectionCache selections;
    private final OpenedMessages opened;
    private SubAddressing subAddressing;
    private PrivateSeen privateSeen;

    JdbcMailStore(StoreTransactions tx, MessageIngest ingest, MessageMutations mutations, FlagUpdater flagUpdater, MailboxMutations mailboxMutations,
                  MailboxRows mailboxes, MessageRows messages, BlobStore blobs, JdbcClient jdbc, SortedPages sortedPages,
                  Conversations conversations, DiskSpace disk, MissingBlobs missing, SortRows sortRows, AccessControl access,
                  SearchIndex index, SortKeyCache sortKeyCache, SelectionCache selections, OpenedMessages opened) {
        this.sortKeyCache = sortKeyCache;
        this.opened = opened;
        this.selections = selections;
        this.sortRows = sortRows;
        this.access = access;
        this.index = index;
        this.disk = disk;
        this.missing = missing;
        this.sortedPages = sortedPages;
        this.conversations = conversations;
        this.tx = tx;
        this.ingest = ingest;
        this.mutations = mutations;
        this.flagUpdater = flagUpdater;
        this.mailboxMutations = mailboxMutations;
        this.mailboxes = mailboxes;
        this.messages = messages;
        this.blobs = blobs;
        this.jdbc = jdbc;
    }

    @org.springframework.beans.factory.annotation.Autowired
    void setSubAddressing(SubAddressing subAddressing) {
        this.subAddressing = subAddressing;
    }

    @org.springframework.beans.factory.annotation.Autowired
    void setPrivateSeen(PrivateSeen privateSeen) {
        this.privateSeen = privateSeen;
    }

    // ---- reads as one reader sees them (PrivateSeen): the owner reads the rows as they are ----

    @Override
    public void forEachMessage(AccountId viewer, MailboxId mailbox, Consumer<MessageRef> sink) {
        forEachMessage(viewer, mailbox, UidSet.ALL, sink);
    }

    @Override
    public void forEachMessage(AccountId viewer, MailboxId mailbox, UidSet uids, Consumer<MessageRef> sink) {
        tx.read(() -> {
            Optional<Long> reader = privateSeen.reader(viewer, mailbox);
            if (reader.isEmpty()) {
                messages.forEachRef(mailbox.value(), uids, sink);
                return;
            }
            java.util.Map<Long, PrivateSeen.Mark> marks = privateSeen.marks(reader.get(), mailbox.value(), uids);
            messages.forEachRef(mailbox.value(), uids, ref -> sink.accept(PrivateSeen.apply(ref, marks)));
        });
    }

    @Override
    public Selection selection(AccountId viewer, MailboxId mailbox) {
        return tx.read(() -> {
            Selection selection = selections.selection(mailbox.value(), messages::selection);
            Optional<Long> reader = privateSeen.reader(viewer, mailbox);
            if (reader.isEmpty()) {
                return selection;
            }
            java.util.Map<Long, PrivateSeen.Mark> marks = privateSeen.marks(reader.get(), mailbox.value(), UidSet.ALL);
            long firstUnseen = 0;
            for (long uid : selection.uids()) {
                if (!PrivateSeen.seen(marks.get(uid))) {
                    firstUnseen = uid;
                    break;
                }
            }
            return new Selection(selection.uids(), firstUnseen, selection.keywords());
        });
    }

    @Override
    public void forEachChangedSince(AccountId viewer, MailboxId mailbox, long modseq, Consumer<MessageRef> sink) {
        forEachChangedSince(viewer, mailbox, modseq, java.util.Collections.emptySortedSet(), sink);
    }

    @Override
    public void forEachChangedSince(AccountId viewer, MailboxId mailbox, long modseq, java.util.SortedSet<Long> except,
                                    Consumer<MessageRef> sink) {
        tx.read(() -> {
            Optional<Long> reader = privateSeen.reader(viewer, mailbox);
            if (reader.isEmpty()) {
                messages.forEachRef(mailbox.value(), modseq, except, sink);
                return;
            }
            java.util.TreeMap<Long, MessageRef> changed = new java.util.TreeMap<>();
            messages.forEachRef(mailbox.value(), modseq, ref -> changed.put(ref.uid(), ref));
            List<Long> ownChanges = privateSeen.changedSince(reader.get(), mailbox.value(), modseq).stream()
                    .filter(uid -> !changed.containsKey(uid)).toList();
            if (!ownChanges.isEmpty()) {
                messages.forEachRef(mailbox.value(), UidSet.of(ownChanges), ref -> changed.put(ref.uid(), ref));
            }
            if (changed.isEmpty()) {
                return;
            }
            java.util.Map<Long, PrivateSeen.Mark> marks = privateSeen.marks(reader.get(), mailbox.value(), UidSet.of(changed.keySet()));
            changed.values().forEach(ref -> sink.accept(PrivateSeen.apply(ref, marks)));
        });
    }

    @Override
    public void forEachSearchRow(AccountId viewer, MailboxId mailbox, UidSet uids, boolean withHeader, Consumer<SearchRow> sink) {
        tx.read(() -> {
            Optional<Long> reader = privateSeen.reader(viewer, mailbox);
            if (reader.isEmpty()) {
                messages.forEachSearchRow(mailbox.value(), uids, withHeader, sink);
                return;
            }
            java.util.Map<Long, PrivateSeen.Mark> marks = privateSeen.marks(reader.get(), mailbox.value(), uids);
            messages.forEachSearchRow(mailbox.value(), uids, withHeader, row -> sink.accept(PrivateSeen.apply(row, marks)));
        });
    }

    /**
     * Up to this many UIDs (a client fetching one message's body, as most do), the rows are read by one statement
     * without a transaction and handed over once it is closed: on PostgreSQL one round trip instead of two.
     */
    private static final long FEW_UIDS = 64;

    private static boolean few(UidSet uids) {
        return uids.atMost(FEW_UIDS);
    }

    @Override
    public void forEachMeta(AccountId viewer, MailboxId mailbox, UidSet uids, Consumer<MessageMeta> sink) {
        forEachMeta(viewer, mailbox, uids, 0, sink);
    }

    /** Small blobs in the {@code blob} table come with the rows: the probe and open that follow need no statement. */
    @Override
    public void forEachMetaBeforeBytes(AccountId viewer, MailboxId mailbox, UidSet uids, Consumer<MessageMeta> sink) {
        forEachMeta(viewer, mailbox, uids, blobs.rowContentMax(), sink);
    }

    @Override
    public void forEachContentMeta(AccountId viewer, MailboxId mailbox, UidSet uids, Consumer<MessageMeta> sink) {
        if (!few(uids)) {
            forEachMetaBeforeBytes(viewer, mailbox, uids, sink);
            return;
        }
        Optional<List<MessageMeta>> kept = opened.all(mailbox.value(), uids, (int) FEW_UIDS);
        if (kept.isPresent()) {
            kept.get().forEach(sink);
            return;
        }
        forEachMetaBeforeBytes(viewer, mailbox, uids, meta -> {
            opened.keep(mailbox.value(), meta);
            sink.accept(meta);
        });
    }

    private void forEachMeta(AccountId viewer, MailboxId mailbox, UidSet uids, long contentMax, Consumer<MessageMeta> sink) {
        java.util.function.BiConsumer<MessageMeta, byte[]> keepContent = (meta, content) -> {
            if (content != null) {
                blobs.readWithRow(meta.blobHash(), content);
            }
        };
        if (few(uids) && privateSeen.reader(viewer, mailbox).isEmpty()) {
            tx.readStatement(() -> {
                List<MessageMeta> rows = new java.util.ArrayList<>();
                messages.forEachMeta(mailbox.value(), uids, contentMax, keepContent.andThen((meta, content) -> rows.add(meta)));
                return rows;
            }).forEach(sink);
            return;
        }
        tx.read(() -> {
            Optional<Long> reader = privateSeen.reader(viewer, mailbox);
            if (reader.isEmpty()) {
                messages.forEachMeta(mailbox.value(), uids, contentMax, keepContent.andThen((meta, content) -> sink.accept(meta)));
                return;
            }
            java.util.Map<Long, PrivateSeen.Mark> marks = privateSeen.marks(reader.get(), mailbox.value(), uids);
            messages.forEachMeta(mailbox.value(), uids, contentMax,
                    keepContent.andThen((meta, content) -> sink.accept(PrivateSeen.apply(meta, marks))));
        });
    }

    @Override
    public List<MessageMeta> metaPageBefore(AccountId viewer, MailboxId mailbox, long beforeUid, int limit) {
        return tx.read(() -> asSeenBy(viewer, mailbox, metaPageBefore(mailbox, beforeUid, limit)));
    }

    @Override
    public MetaPage metaPage(AccountId viewer, MailboxId mailbox, SortKey key, SortDirection direction, Optional<PageCursor> after, int limit) {
        return tx.read(() -> {
            MetaPage page = metaPage(mailbox, key, direction, after, limit);
            return new MetaPage(asSeenBy(viewer, mailbox, page.messages()), page.next());
        });
    }

    private List<MessageMeta> asSeenBy(AccountId viewer, MailboxId mailbox, List<MessageMeta> page) {
        Optional<Long> reader = privateSeen.reader(viewer, mailbox);
        if (reader.isEmpty() || page.isEmpty()) {
            return page;
        }
        java.util.Map<Long, PrivateSeen.Mark> marks = privateSeen.marks(reader.get(), mailbox.value(),
                UidSet.of(page.stream().map(MessageMeta::uid).toList()));
        return page.stream().map(meta -> PrivateSeen.apply(meta, marks)).toList();
    }

    @Override
    public Optional<String> detailMailbox(AccountId recipient, String detail) {
        return tx.read(() -> subAddressing.mailboxFor(recipient.value(), detail));
    }

    @Override
    public Delivery deliver(MessageSource raw, Collection<AccountId> recipients) {
        return ingest.accept(raw, Envelope.local(recipients));
    }

    @Override
    public Delivery accept(MessageSource raw, Envelope envelope) {
        return ingest.accept(raw, envelope);
    }

    @Override
    public Appended append(AccountId account, String mailbox, MessageSource raw, Flags flags, Optional<Instant> internalDate,
                           Optional<MailboxId> claimRecentIn) {
        return ingest.append(account, mailbox, raw, flags, internalDate, claimRecentIn);
    }

    @Override
    public AppendedAll appendAll(AccountId account, String mailbox, List<NewMessage> messages, Optional<MailboxId> claimRecentIn) {
        return ingest.appendAll(account, mailbox, messages, claimRecentIn);
    }

    @Override
    public Copied copy(AccountId account, MailboxId source, UidSet uids, String target) {
        return mutations.transfer(account, source, uids, target, MessageMutations.Transfer.COPY);
    }

    @Override
    public Copied move(AccountId account, MailboxId source, UidSet uids, String target) {
        return mutations.transfer(account, source, uids, target, MessageMutations.Transfer.MOVE);
    }

    @Override
    public FlagUpdate updateFlags(AccountId account, MailboxId mailbox, UidSet uids, FlagChange change, Flags flags,
                                  Optional<Long> unchangedSince) {
        return flagUpdater.update(account, mailbox, uids, change, flags, unchangedSince);
    }

    @Override
    public List<Long> expunge(AccountId account, MailboxId mailbox, Optional<UidSet> uids) {
        return mutations.expunge(account, mailbox, uids);
    }

    @Override
    public MailboxInfo createMailbox(AccountId account, String name) {
        return mailboxMutations.create(account, name);
    }

    @Override
    public void renameMailbox(AccountId account, String from, String to) {
        mailboxMutations.rename(account, from, to);
    }

    @Override
    public void deleteMailbox(AccountId account, String name) {
        mailboxMutations.delete(account, name);
    }

    @Override
    public void subscribe(AccountId account, String name) {
        mailboxMutations.subscribe(account, name);
    }

    @Override
    public void unsubscribe(AccountId account, String name) {
        mailboxMutations.unsubscribe(account, name);
    }

    @Override
    public List<MailboxInfo> mailboxes(AccountId account) {
        return tx.read(() -> mailboxes.all(account.value()));
    }

    @Override
    public Optional<MailboxInfo> mailbox(AccountId account, String name) {
        String normalized;
        try {
            normalized = MailboxNames.normalize(name);
        } catch (StoreException.MailboxNotAllowed e) {
            return Optional.empty();   // a name that cannot exist names no mailbox
        }
        if (!SharedNamespace.isShared(normalized)) {
            return tx.read(() -> mailboxes.info(account.value(), normalized));
        }
        // another account's mailbox: only for a caller who may read it (RFC 4314 §4: SELECT, EXAMINE, STATUS need r)
        return tx.read(() -> access.resolve(account.value(), normalized)
                .filter(target -> target.rights().has(Right.READ))
                .flatMap(target -> mailboxes.info(target.ownerId(), target.mailboxId()))
                .map(info -> access.asSeenBy(account.value(), info)));
    }

    @Override
    public Optional<MailboxInfo> mailbox(AccountId account, MailboxId id) {
        return tx.read(() -> mailboxes.info(account.value(), id.value()).or(() -> {
            Optional<Long> owner = mailboxes.ownerOf(id.value());
            if (owner.isEmpty() || !access.granted(account.value(), id.value()).has(Right.READ)) {
                return Optional.empty();
            }
            return mailboxes.info(owner.get(), id.value()).map(info -> access.asSeenBy(account.value(), info));
        }));
    }

    @Override
    public Optional<Rights> myRights(AccountId actor, String mailbox) {
        String normalized;
        try {
            normalized = MailboxNames.normalize(mailbox);
        } catch (StoreException.MailboxNotAllowed e) {
            return Optional.empty();
        }
        return tx.read(() -> access.resolve(actor.value(), normalized).map(AccessControl.Target::rights));
    }

    @Override
    public Rights rights(AccountId actor, MailboxId mailbox) {
        return tx.read(() -> access.requireOn(actor.value(), mailbox.value()));
    }

    @Override
    public List<AclEntry> acl(AccountId actor, String mailbox) {
        String normalized = MailboxNames.normalize(mailbox);
        return tx.read(() -> access.acl(access.require(actor.value(), normalized, Right.ADMINISTER)));
    }

    @Override
    public void changeRights(AccountId actor, String mailbox, String identifier, RightsChange change) {
        String normalized = MailboxNames.normalize(mailbox);
        tx.write(() -> access.change(access.require(actor.value(), normalized, Right.ADMINISTER), identifier, change));
    }

    @Override
    public void deleteRights(AccountId actor, String mailbox, String identifier) {
        String normalized = MailboxNames.normalize(mailbox);
        tx.write(() -> access.remove(access.require(actor.value(), normalized, Right.ADMINISTER), identifier));
    }

    @Override
    public List<MailboxInfo> sharedMailboxes(AccountId actor) {
        return tx.read(() -> access.sharedWith(actor.value()).stream()
                .flatMap(shared -> mailboxes.info(shared.ownerId(), shared.mailboxId()).stream())
                .map(info -> access.asSeenBy(actor.value(), info))
                .toList());
    }

    @Override
    public Optional<MailboxInfo> mailbox(AccountId account, SpecialUse use) {
        return tx.read(() -> mailboxes.info(account.value(), use));
    }

    @Override
    public List<String> subscriptions(AccountId account) {
        return tx.read(() -> jdbc.sql("SELECT name FROM subscription WHERE account_id = ? ORDER BY name")
                .param(account.value()).query(String.class).list());
    }

    @Override
    public void forEachMessage(MailboxId mailbox, Consumer<MessageRef> sink) {
        tx.read(() -> messages.forEachRef(mailbox.value(), Long.MIN_VALUE, sink));
    }

    @Override
    public Selection selection(MailboxId mailbox) {
        return tx.read(() -> selections.selection(mailbox.value(), messages::selection));
    }

    @Override
    public void forEachMessage(MailboxId mailbox, UidSet uids, Consumer<MessageRef> sink) {
        tx.read(() -> messages.forEachRef(mailbox.value(), uids, sink));
    }

    @Override
    public void forEachChangedSince(MailboxId mailbox, long modseq, Consumer<MessageRef> sink) {
        tx.read(() -> messages.forEachRef(mailbox.value(), modseq, sink));
    }

    @Override
    public List<Long> expungedSince(MailboxId mailbox, long modseq) {
        return tx.read(() -> jdbc.sql("SELECT uid FROM expunged WHERE mailbox_id = ? AND modseq > ? ORDER BY uid")
                .params(mailbox.value(), modseq).query(Long.class).list());
    }

    @Override
    public void forEachSortKeys(MailboxId mailbox, Consumer<MessageSortKeys> sink) {
        tx.read(() -> {
            sortKeyCache.forEachSortKeys(mailbox.value(), sink);
            return null;
        });
    }

    @Override
    public void forEachThreadLinks(MailboxId mailbox, Consumer<MessageThreadLinks> sink) {
        tx.read(() -> {
            sortKeyCache.forEachThreadLinks(mailbox.value(), sink);
            return null;
        });
    }

    @Override
    public void forEachMeta(MailboxId mailbox, UidSet uids, Consumer<MessageMeta> sink) {
        tx.read(() -> messages.forEachMeta(mailbox.value(), uids, sink));
    }

    @Override
    public void forEachSearchRow(MailboxId mailbox, UidSet uids, boolean withHeader, Consumer<SearchRow> sink) {
        tx.read(() -> messages.forEachSearchRow(mailbox.value(), uids, withHeader, sink));
    }

    @Override
    public List<MessageMeta> metaPageBefore(MailboxId mailbox, long beforeUid, int limit) {
        if (limit < 1) {
            return List.of();
        }
        return tx.read(() -> messages.metaPageBefore(mailbox.value(), beforeUid, limit));
    }

    @Override
    public MetaPage metaPage(MailboxId mailbox, SortKey key, SortDirection direction, Optional<PageCursor> after, int limit) {
        if (limit < 1) {
            return new MetaPage(List.of(), Optional.empty());
        }
        return tx.read(() -> sortedPages.page(mailbox.value(), key, direction, after, limit));
    }

    @Override
    public List<SearchHit> search(AccountId account, MessageQuery query, int limit) {
        if (limit < 1) {
            return List.of();
        }
        return tx.read(() -> sortedPages.search(account.value(), query, limit));
    }

    @Override
    public List<SearchHit> conversation(AccountId account, String threadKey, int limit) {
        if (limit < 1) {
            return List.of();
        }
        return tx.read(() -> conversations.messages(account.value(), threadKey, limit));
    }

    @Override
    public java.util.Map<String, Long> conversationSizes(AccountId account, Collection<String> threadKeys) {
        if (threadKeys.isEmpty()) {
            return java.util.Map.of();
        }
        return tx.read(() -> conversations.sizes(account.value(), threadKeys));
    }

    /** Only blobs that a committed message or queue entry references can be opened. */
    @Override
    public InputStream openMessage(String blobHash) throws IOException {
        if (!BlobStore.isValidHash(blobHash)) {
            throw new NoSuchFileException(String.valueOf(blobHash));
        }
        // EXISTS, not COUNT: a blob many rows share (one delivery to many, COPY) is checked at its first reference
        boolean referenced = tx.read(() -> jdbc.sql("""
                        SELECT CASE WHEN EXISTS (SELECT 1 FROM message WHERE blob_hash = ?)
                                      OR EXISTS (SELECT 1 FROM outbound_queue WHERE blob_hash = ?) THEN 1 ELSE 0 END""")
                .params(blobHash, blobHash).query(Integer.class).single() > 0);
        if (!referenced) {
            throw new NoSuchFileException(blobHash);
        }
        return openBlob(blobHash);
    }

    @Override
    public InputStream openMessage(MessageMeta placed) throws IOException {
        if (!BlobStore.isValidHash(placed.blobHash())) {
            throw new NoSuchFileException(String.valueOf(placed.blobHash()));
        }
        return openBlob(placed.blobHash());
    }

    private InputStream openBlob(String blobHash) throws IOException {
        try {
            return blobs.open(blobHash);
        } catch (NoSuchFileException e) {
            missing.report(blobHash);
            throw e;
        }
    }

    @Override
    public void requireRoom(long bytes) {
        disk.requireRoom(bytes);
    }

    @Override
    public boolean hasMessageBytes(String blobHash) {
        boolean present;
        try {
            present = blobs.containsBeforeOpen(blobHash);
        } catch (IOException | java.io.UncheckedIOException | org.springframework.dao.DataAccessException e) {
            throw new StoreException.StorageFailure("Cannot reach the blob store", e);
        }
        if (!present && BlobStore.isValidHash(blobHash)) {
            missing.report(blobHash);
        }
        return present;
    }

    @Override
    public long claimRecent(MailboxId mailbox) {
        return mutations.claimRecent(mailbox);
    }

    @Override
    public long unclaimedRecent(MailboxId mailbox) {
        return tx.read(() -> jdbc.sql("SELECT COUNT(*) FROM mailbox_message mm JOIN mailbox b ON b.id = mm.mailbox_id"
                        + " WHERE mm.mailbox_id = ? AND mm.uid >= b.recent_uid")
                .param(mailbox.value()).query(Long.class).single());
    }

    /**
     * A message's search text folded as IMAP compares it: the folded column where the row has one (PostgreSQL, whose
     * rows carry no other copy, {@link SearchIndex#textColumn}), else the database's lower case of the text column
     * (H2, and PostgreSQL rows written before V17).
     */
    static final String FOLDED_TEXT = "COALESCE(m.search_body, LOWER(m.search_text))";

    /**
     * The index narrows, the LIKE decides (unless the index's hits are exact: a needle of one trigram, a queued
     * body): {@link #FOLDED_TEXT} for BODY and TEXT, the folded header column (else the envelope) for HEADERS.
     */
    @Override
    public List<Long> searchText(MailboxId mailbox, SearchField field, String text) {
        String exact = switch (field) {
            case TEXT, BODY -> FOLDED_TEXT;
            case HEADERS -> "COALESCE(m.search_header, LOWER(m.envelope))";
        };
        SearchIndex.Part part = field == SearchField.HEADERS ? SearchIndex.Part.HEADER : SearchIndex.Part.BODY;
        String pattern = SearchText.likePattern(SearchText.fold(text));
        return tx.read(() -> {
            Optional<SearchIndex.Narrowing> narrowing = index.narrowing(accountOf(mailbox), part, text);
            if (narrowing.isPresent() && narrowing.get() instanceof SearchIndex.MessageIds ids && ids.decided().length > 0) {
                // the index's decided hits are the answer; only the undecided ones are matched against the text
                List<Long> uids = new java.util.ArrayList<>(uidsOf(mailbox, ids.decided(), "", List.of()));
                uids.addAll(uidsOf(mailbox, ids.undecided(), " AND " + exact + " LIKE ? ESCAPE '!'",
                        List.of(pattern)));
                uids.sort(null);
                return uids;
            }
            return uidsWhere(mailbox, narrowing, " AND " + exact + " LIKE ? ESCAPE '!'", List.of(pattern));
        });
    }

    @Override
    public Optional<java.util.Set<Long>> searchCandidates(MailboxId mailbox, SearchField field, String text) {
        List<SearchIndex.Part> parts = switch (field) {
            case TEXT -> List.of(SearchIndex.Part.BODY, SearchIndex.Part.HEADER);
            case BODY -> List.of(SearchIndex.Part.BODY);
            case HEADERS -> List.of(SearchIndex.Part.HEADER);
        };
        return tx.read(() -> {
            long account = accountOf(mailbox);
            java.util.Set<Long> uids = new java.util.HashSet<>();
            for (SearchIndex.Part part : parts) {
                Optional<SearchIndex.Narrowing> narrowing = index.narrowing(account, part, text);
                if (narrowing.isEmpty()) {
                    return Optional.empty();
                }
                uids.addAll(uidsWhere(mailbox, narrowing, "", List.of()));
            }
            return Optional.of(uids);
        });
    }

    @Override
    public Optional<FieldHits> searchField(MailboxId mailbox, String field, String text) {
        return tx.read(() -> {
            Optional<SearchIndex.Narrowing> narrowing = index.fieldNarrowing(accountOf(mailbox),
                    field.toLowerCase(java.util.Locale.ROOT), text);
            if (narrowing.isEmpty()) {
                return Optional.empty();
            }
            if (narrowing.get() instanceof SearchIndex.SplitCondition split) {
                java.util.Set<Long> uids = new java.util.HashSet<>(uidsWhere(mailbox, Optional.of(split.exact()), "", List.of()));
                List<Long> undecided = uidsWhere(mailbox, Optional.of(split.candidates()), "", List.of());
                uids.addAll(undecided);
                return Optional.of(new FieldHits(uids, new java.util.HashSet<>(undecided)));
            }
            if (narrowing.get() instanceof SearchIndex.MessageIds ids) {
                java.util.Set<Long> undecided = new java.util.HashSet<>(uidsOf(mailbox, ids.undecided(), "", List.of()));
                java.util.Set<Long> uids = new java.util.HashSet<>(uidsOf(mailbox, ids.decided(), "", List.of()));
                uids.addAll(undecided);
                return Optional.of(new FieldHits(uids, undecided));
            }
            java.util.Set<Long> uids = new java.util.HashSet<>(uidsWhere(mailbox, narrowing, "", List.of()));
            return Optional.of(new FieldHits(uids, uids));
        });
    }

    private static final int UIDS_PER_QUERY = 500;

    /**
     * The mailbox's UIDs whose message the index named, the exact condition applied: driven by the message ids (the
     * primary key), a chunk of them per query, each joined to its placements in the mailbox.
     */
    private List<Long> uidsOf(MailboxId mailbox, long[] all, String condition, List<Object> conditionParams) {
        List<Long> out = new java.util.ArrayList<>();
        for (int from = 0; from < all.length; from += UIDS_PER_QUERY) {
            int to = Math.min(all.length, from + UIDS_PER_QUERY);
            List<Object> params = new java.util.ArrayList<>();
            for (int i = from; i < to; i++) {
                params.add(all[i]);
            }
            params.add(mailbox.value());
            params.addAll(conditionParams);
            // the placements' message index is on their key rows (V31), which carry the UID; conditions name m only
            out.addAll(jdbc.sql("SELECT k.uid FROM message m JOIN mailbox_message_keys k ON k.message_id = m.id"
                            + " WHERE m.id IN (" + String.join(",", java.util.Collections.nCopies(to - from, "?"))
                            + ") AND k.mailbox_id = ?" + condition)
                    .params(params).query(Long.class).list());
        }
        out.sort(null);
        return out;
    }

    private long accountOf(MailboxId mailbox) {
        return mailboxes.ownerOf(mailbox.value()).orElse(-1L);
    }

    private List<Long> uidsWhere(MailboxId mailbox, Optional<SearchIndex.Narrowing> narrowing, String condition,
                                 List<Object> conditionParams) {
        if (narrowing.isPresent() && narrowing.get() instanceof SearchIndex.MessageIds ids) {
            return uidsOf(mailbox, ids.ascending(), condition, conditionParams);
        }
        List<Object> params = new java.util.ArrayList<>();
        params.add(mailbox.value());
        StringBuilder sql = new StringBuilder("SELECT mm.uid FROM mailbox_message mm JOIN message m ON m.id = mm.message_id"
                + " WHERE mm.mailbox_id = ?");
        narrowing.map(SearchIndex.Condition.class::cast).ifPresent(n -> {
            sql.append(" AND ").append(n.sql());
            params.addAll(n.params());
        });
        sql.append(condition).append(" ORDER BY mm.uid");
        params.addAll(conditionParams);
        return jdbc.sql(sql.toString()).params(params).query(Long.class).list();
    }
}
