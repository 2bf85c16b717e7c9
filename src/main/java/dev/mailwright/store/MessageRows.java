package dev.mailwright.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

import dev.mailwright.store.ingest.ParsedMessage;
import dev.mailwright.store.search.SearchIndex;
import dev.mailwright.store.search.SearchText;

/** JDBC access to {@code message} and {@code mailbox_message}: inserts and the streamed hot-path reads. */
@Component
class MessageRows {
    static final int FETCH_SIZE = 500;
    /**
     * UID order for a statement on {@code mailbox_message mm} that fixes {@code mm.mailbox_id}. H2 reads the
     * (mailbox_id, uid) key in order only when the ORDER BY names the key's columns from the first; by {@code uid}
     * alone it gathers every row of the range and sorts them before the first is returned (100,000 rows for a
     * {@code FETCH 1:*}). PostgreSQL reads the key in order either way.
     */
    static final String IN_UID_ORDER = " ORDER BY mm.mailbox_id, mm.uid";
    private static final String INSERT_PLACEMENT = """
            INSERT INTO mailbox_message (mailbox_id, uid, modseq, seen, answered, flagged, deleted, draft,
                                         keywords, internal_date, message_id, sort_date, size_bytes)
            SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, m.id, COALESCE(m.sent_date, ?), m.size_bytes
            FROM message m WHERE m.id = ?""";
    /**
     * A placement's keys (V30, V31: a table of their own, written once, so that flag changes leave their indexes
     * alone): its message reference and the webmail's sort keys; parameters mailbox, UID, internal date, message row.
     */
    private static final String INSERT_KEYS = "INSERT INTO mailbox_message_keys (mailbox_id, uid, message_id, sort_date,"
            + " sort_from, sort_subject, size_bytes) SELECT ?, ?, m.id, COALESCE(m.sent_date, ?), " + SortKeyColumns.SORT_FROM
            + ", " + SortKeyColumns.SORT_SUBJECT + ", m.size_bytes FROM message m WHERE m.id = ?";
    private static final String MESSAGE_COLUMNS = """
            account_id, blob_hash, size_bytes, envelope, body_structure, body, part_tree, subject, from_address,
            sent_date, preview, has_attachments, message_id, in_reply_to, references_ids, thread_key, search_text,
            search_header, search_body, search_grams, search_header_exact""";
    private static final String INSERT_MESSAGE = "INSERT INTO message (" + MESSAGE_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /**
     * PostgreSQL: the mailbox's next UID and MODSEQ taken ({@link MailboxRows#ALLOCATE_ONE_POSTGRES}, which locks the
     * mailbox row), {@link #INSERT_MESSAGE}, the message's keys ({@link SortRows}), {@link #INSERT_PLACEMENT} and
     * {@link #INSERT_KEYS} as one statement: the placement's inserts read the new row from the message insert's
     * RETURNING and the UID from the allocation's: one round trip per copy (the allocation was a statement of its own
     * until stop 34).
     */
    private static final String PLACE_NEW_MESSAGE_POSTGRES = "WITH a AS (" + MailboxRows.ALLOCATE_ONE_POSTGRES + "),"
            + " m AS (" + INSERT_MESSAGE + " RETURNING id, sent_date, size_bytes, from_address, subject),"
            + " k AS (" + SortRows.INSERT_FROM_NEW_ROW + "),"
            + " p AS (" + allocatedFromNewRow(INSERT_PLACEMENT, "SELECT ?, ?, ?, ", "SELECT a.id, a.uid, a.modseq, ") + "),"
            + " q AS (" + allocatedFromNewRow(INSERT_KEYS, "SELECT ?, ?, ", "SELECT a.id, a.uid, ") + ")"
            + " SELECT m.id, a.uid, a.modseq, a.uidvalidity, a.recent_uid FROM m, a";
    /** {@link #PLACE_NEW_MESSAGE_POSTGRES} that also writes the message's blob ({@link BlobStore#UPSERT_POSTGRES}). */
    private static final String PLACE_NEW_MESSAGE_AND_BLOB_POSTGRES = "WITH b AS (" + BlobStore.UPSERT_POSTGRES + "), "
            + PLACE_NEW_MESSAGE_POSTGRES.substring("WITH ".length());

    /**
     * An insert that reads an existing message row ({@code m}) and takes the mailbox, UID (and MODSEQ) as its first
     * parameters ({@code leadingParameters}), made to read the new message row and the allocation ({@code a}) of the
     * same statement instead ({@code allocated}: those columns of {@code a}).
     */
    private static String allocatedFromNewRow(String insert, String leadingParameters, String allocated) {
        String existingRow = "FROM message m WHERE m.id = ?";
        int select = insert.indexOf(leadingParameters);
        if (!insert.endsWith(existingRow) || select < 0) {
            throw new IllegalStateException("not an insert of a placement from an existing message row: " + insert);
        }
        return insert.substring(0, select) + allocated
                + insert.substring(select + leadingParameters.length(), insert.length() - existingRow.length()) + "FROM m, a";
    }

    /** Deletes a message row that no placement references (parameters: the message row twice). */
    private static final String DELETE_ORPHAN =
            "DELETE FROM message WHERE id = ? AND NOT EXISTS (SELECT 1 FROM mailbox_message_keys k WHERE k.message_id = ?)";

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final SearchIndex index;
    private final MailboxRows mailboxes;

    private final boolean postgres;

    MessageRows(JdbcClient jdbc, JdbcTemplate template, SearchIndex index, MailboxRows mailboxes) {
        this.jdbc = jdbc;
        this.mailboxes = mailboxes;
        this.postgres = DatabaseProduct.isPostgres(template.getDataSource());
        this.index = index;
        this.streaming = new JdbcTemplate(template.getDataSource());
        this.streaming.setFetchSize(FETCH_SIZE);
    }

    /** A message placed in a mailbox, as COPY/MOVE/EXPUNGE need it. */
    record Placed(long uid, long messageId, long modseq, Flags flags, Instant internalDate, long size) {
    }

    /**
     * A new message's row with its keys, placed in a mailbox at the mailbox's next UID (the placement and its keys
     * row), and added to the search index; the mailbox's counters count it. On PostgreSQL the allocation and the four
     * inserts are one statement ({@link #PLACE_NEW_MESSAGE_POSTGRES}), with the blob's upsert when
     * {@code blobToUpsert} holds its bytes (PostgreSQL only); elsewhere {@link MailboxRows#allocateOne},
     * {@link #insertMessage} and {@link #insertPlacement}.
     */
    MailboxRows.Allocated placeNewMessage(long accountId, String blobHash, long size, ParsedMessage p, String searchHeader,
                                          boolean headerLinesAreFields, long mailboxId, Flags flags, Instant internalDate,
                                          byte[] blobToUpsert) {
        boolean unseen = !flags.has(SystemFlag.SEEN);
        if (blobToUpsert != null && !postgres) {
            throw new IllegalStateException("a blob upsert is PostgreSQL's statement");
        }
        if (!postgres) {
            MailboxRows.Allocated next = mailboxes.allocateOne(mailboxId, unseen, size);
            long id = insertMessage(accountId, blobHash, size, p, searchHeader, headerLinesAreFields);
            insertPlacement(mailboxId, next.uid(), id, next.modseq(), flags, internalDate);
            return next;
        }
        String body = SearchText.fold(p.searchText());
        List<Object> params = new ArrayList<>();
        if (blobToUpsert != null) {
            params.addAll(java.util.Arrays.asList(blobHash, (long) blobToUpsert.length, blobToUpsert,
                    OffsetDateTime.now(ZoneOffset.UTC)));
        }
        params.addAll(java.util.Arrays.asList(unseen ? 1 : 0, size, mailboxId));
        params.addAll(java.util.Arrays.asList(messageParams(accountId, blobHash, size, p, searchHeader,
                headerLinesAreFields, body)));
        params.addAll(java.util.Arrays.asList(SortRows.Keys.of(p).params()));
        Object[] f = FlagColumns.params(flags);
        params.addAll(java.util.Arrays.asList(f[0], f[1], f[2], f[3], f[4], f[5], timestamp(internalDate),
                timestamp(internalDate)));
        params.add(timestamp(internalDate));
        String sql = blobToUpsert == null ? PLACE_NEW_MESSAGE_POSTGRES : PLACE_NEW_MESSAGE_AND_BLOB_POSTGRES;
        long[] placed = jdbc.sql(sql).params(params)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)})
                .optional()
                .orElseThrow(() -> new StoreException.MailboxNotFound("#" + mailboxId));
        index.inserted(placed[0], accountId, body, searchHeader, headerLinesAreFields);
        return new MailboxRows.Allocated(placed[1], placed[2], placed[3], placed[4]);
    }

    private Object[] messageParams(long accountId, String blobHash, long size, ParsedMessage p, String searchHeader,
                                   boolean headerLinesAreFields, String foldedBody) {
        return new Object[] {accountId, blobHash, size, p.envelope(), p.bodyStructure(), p.body(), p.root().encode(),
                p.subject(), p.from(), p.sentDate().map(MessageRows::timestamp).orElse(null), p.preview(),
                p.hasAttachments(), p.messageId().map(MessageRows::bounded).orElse(null),
                p.inReplyTo().map(MessageRows::bounded).orElse(null), String.join(" ", p.references()),
                ThreadKeys.of(p), index.textColumn(p.searchText()), searchHeader, index.bodyColumn(foldedBody),
                index.gramsColumn(foldedBody, searchHeader), headerLinesAreFields ? Boolean.TRUE : null};
    }

    /**
     * Inserts the row and adds it to the search index ({@code searchHeader}: {@link SearchText#header};
     * {@code headerLinesAreFields}: {@link SearchText.Header#linesAreFields}, V27 {@code search_header_exact}).
     */
    private long insertMessage(long accountId, String blobHash, long size, ParsedMessage p, String searchHeader,
                       boolean headerLinesAreFields) {
        String body = SearchText.fold(p.searchText());
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql(INSERT_MESSAGE)
                .params(messageParams(accountId, blobHash, size, p, searchHeader, headerLinesAreFields, body))
                .update(key, "id");
        long id = key.getKeyAs(Long.class);
        SortRows.write(jdbc, id, SortRows.Keys.of(p));
        index.inserted(id, accountId, body, searchHeader, headerLinesAreFields);
        return id;
    }

    /**
     * A copy of a message row for another account (COPY into a mailbox shared by another owner): each account keeps
     * its own rows, so deleting one account never touches another's mail. The blob is shared. Returns the new id.
     */
    long duplicateMessage(long messageId, long accountId) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO message (account_id, blob_hash, size_bytes, envelope, body_structure, body, part_tree,
                            subject, from_address, sent_date, preview, has_attachments, message_id, in_reply_to,
                            references_ids, thread_key, search_text, search_header, search_body, search_grams,
                            search_header_exact)
                        SELECT ?, blob_hash, size_bytes, envelope, body_structure, body, part_tree,
                            subject, from_address, sent_date, preview, has_attachments, message_id, in_reply_to,
                            references_ids, thread_key, search_text, search_header, search_body, search_grams,
                            search_header_exact
                        FROM message WHERE id = ?""")
                .params(accountId, messageId)
                .update(key, "id");
        long id = key.getKeyAs(Long.class);
        SortRows.copy(jdbc, messageId, id);
        // the copy is searchable like its original (an unindexed original, NULL header, is left to the catch-up)
        jdbc.sql("SELECT search_text, search_header, search_header_exact FROM message WHERE id = ?").param(id)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getBoolean(3)}).optional()
                .filter(texts -> texts[1] != null)
                .ifPresent(texts -> index.inserted(id, accountId, SearchText.fold(texts[0] == null ? "" : (String) texts[0]),
                        (String) texts[1], (Boolean) texts[2]));
        return id;
    }

    private void insertPlacement(long mailboxId, long uid, long messageId, long modseq, Flags flags, Instant internalDate) {
        Object[] f = FlagColumns.params(flags);
        jdbc.sql(INSERT_PLACEMENT)
                .params(mailboxId, uid, modseq, f[0], f[1], f[2], f[3], f[4], f[5], timestamp(internalDate),
                        timestamp(internalDate), messageId)
                .update();
        jdbc.sql(INSERT_KEYS).params(mailboxId, uid, timestamp(internalDate), messageId).update();
    }

    /** The placements selected by {@code uids}, ascending by UID. */
    List<Placed> placements(long mailboxId, UidSet uids) {
        return placements(mailboxId, uids, "");
    }

    /**
     * EXPUNGE's question, {@code %s} the UID clause. {@code deleted = TRUE} is written out, not a parameter:
     * PostgreSQL's partial index of the \\Deleted rows (V34) serves only a predicate it sees when planning.
     */
    static final String DELETED_UIDS = "SELECT mm.uid FROM mailbox_message mm WHERE mm.mailbox_id = ? AND %s"
            + " AND mm.deleted = TRUE" + IN_UID_ORDER;

    /** The UIDs among {@code uids} in the mailbox that are marked \\Deleted, ascending (the placement rows alone). */
    List<Long> deletedUids(long mailboxId, UidSet uids) {
        List<Long> out = new ArrayList<>();
        for (UidSql.Clause clause : UidSql.clauses("mm.uid", uids)) {
            out.addAll(jdbc.sql(DELETED_UIDS.formatted(clause.sql()))
                    .param(mailboxId).params(clause.params()).query(Long.class).list());
        }
        return out;
    }

    /** The placements selected by {@code uids} that carry {@code \\Deleted}, ascending by UID. */
    List<Placed> deletedPlacements(long mailboxId, UidSet uids) {
        return placements(mailboxId, uids, " AND mm.deleted = TRUE");
    }

    private List<Placed> placements(long mailboxId, UidSet uids, String condition) {
        List<Placed> out = new ArrayList<>();
        for (UidSql.Clause clause : UidSql.clauses("mm.uid", uids)) {
            out.addAll(jdbc.sql("SELECT mm.uid, mm.message_id, mm.modseq, " + prefixed("mm") + ", mm.internal_date, m.size_bytes"
                            + " FROM mailbox_message mm JOIN message m ON m.id = mm.message_id"
                            + " WHERE mm.mailbox_id = ? AND " + clause.sql() + condition + IN_UID_ORDER)
                    .param(mailboxId).params(clause.params())
                    .query((rs, n) -> new Placed(rs.getLong("uid"), rs.getLong("message_id"), rs.getLong("modseq"),
                            FlagColumns.read(rs), instant(rs, "internal_date"), rs.getLong("size_bytes")))
                    .list());
        }
        return out;
    }

    /** Inserts copies of {@code placed} into a locked mailbox with consecutive UIDs from {@code firstUid}. */
    void insertCopies(long mailboxId, long firstUid, long modseq, List<Placed> placed) {
        List<Object[]> rows = new ArrayList<>(placed.size());
        List<Object[]> keys = new ArrayList<>(placed.size());
        long uid = firstUid;
        for (Placed p : placed) {
            Object[] f = FlagColumns.params(p.flags());
            rows.add(new Object[] {mailboxId, uid, modseq, f[0], f[1], f[2], f[3], f[4], f[5],
                    timestamp(p.internalDate()), timestamp(p.internalDate()), p.messageId()});
            keys.add(new Object[] {mailboxId, uid, timestamp(p.internalDate()), p.messageId()});
            uid++;
        }
        streaming.batchUpdate(INSERT_PLACEMENT, rows);
        streaming.batchUpdate(INSERT_KEYS, keys);
    }

    /** Deletes placements, writes their tombstones, and removes message rows no mailbox references any more. */
    void removePlacements(long mailboxId, long modseq, List<Placed> placed) {
        List<Object[]> keys = new ArrayList<>(placed.size());
        List<Object[]> tombstones = new ArrayList<>(placed.size());
        List<Object[]> messageIds = new ArrayList<>(placed.size());
        for (Placed p : placed) {
            keys.add(new Object[] {mailboxId, p.uid()});
            tombstones.add(new Object[] {mailboxId, p.uid(), modseq});
            messageIds.add(new Object[] {p.messageId(), p.messageId()});
        }
        streaming.batchUpdate("DELETE FROM mailbox_message WHERE mailbox_id = ? AND uid = ?", keys);
        streaming.batchUpdate("DELETE FROM mailbox_message_keys WHERE mailbox_id = ? AND uid = ?", keys);
        streaming.batchUpdate("INSERT INTO expunged (mailbox_id, uid, modseq) VALUES (?, ?, ?)", tombstones);
        int[] deleted = streaming.batchUpdate(DELETE_ORPHAN, messageIds);
        List<Long> gone = new ArrayList<>();
        for (int i = 0; i < deleted.length; i++) {
            if (deleted[i] > 0) {
                gone.add(placed.get(i).messageId());
            }
        }
        index.deleted(gone);
    }

    void deleteIfOrphan(long messageId) {
        if (jdbc.sql(DELETE_ORPHAN).params(messageId, messageId).update() > 0) {
            index.deleted(List.of(messageId));
        }
    }

    void forEachRef(long mailboxId, long modseqAbove, Consumer<MessageRef> sink) {
        forEachRef(mailboxId, modseqAbove, java.util.Collections.emptySortedSet(), sink);
    }

    /**
     * {@link #forEachRef(long, long, Consumer)} without the rows whose modseq is one of {@code except}: one range of
     * the modseq index per gap between them, so a session that changed 5,000 rows itself does not read them back.
     * UNION ALL, not OR: H2 scans an index range per branch, but not per OR'ed range.
     */
    void forEachRef(long mailboxId, long modseqAbove, java.util.SortedSet<Long> except, Consumer<MessageRef> sink) {
        if (modseqAbove == Long.MIN_VALUE && except.isEmpty()) {
            forEachRef(mailboxId, UidSet.ALL, sink);   // the key's range in order, not the modseq index and a sort
            return;
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        long from = modseqAbove;
        for (long skipped : except.tailSet(modseqAbove + 1)) {
            if (skipped > from + 1) {
                branch(sql, params, mailboxId, from, skipped);
            }
            from = skipped;
        }
        branch(sql, params, mailboxId, from, Long.MAX_VALUE);
        streaming.query(sql + " ORDER BY uid", rs -> {
            sink.accept(new MessageRef(rs.getLong("uid"), rs.getLong("modseq"), FlagColumns.read(rs)));
        }, params.toArray());
    }

    private static void branch(StringBuilder sql, List<Object> params, long mailboxId, long above, long below) {
        if (!sql.isEmpty()) {
            sql.append(" UNION ALL ");
        }
        sql.append("SELECT uid, modseq, ").append(FlagColumns.SELECT)
                .append(" FROM mailbox_message WHERE mailbox_id = ? AND modseq > ?");
        params.add(mailboxId);
        params.add(above);
        if (below != Long.MAX_VALUE) {
            sql.append(" AND modseq < ?");
            params.add(below);
        }
    }

    /** One pass over the primary key order reading three narrow columns (see {@link MailStore#selection}). */
    MailStore.Selection selection(long mailboxId) {
        java.util.stream.LongStream.Builder uids = java.util.stream.LongStream.builder();
        long[] firstUnseen = {0};
        java.util.Set<String> keywordColumns = new java.util.HashSet<>();
        long[] last = {0};
        long[] repeated = {0};
        streaming.query("SELECT mm.uid, mm.seen, mm.keywords FROM mailbox_message mm WHERE mm.mailbox_id = ?" + IN_UID_ORDER, rs -> {
            long uid = rs.getLong(1);
            if (uid <= last[0]) {
                repeated[0]++;   // a damaged index returned a row twice: never wedge SELECT on it
                return;
            }
            last[0] = uid;
            uids.add(uid);
            if (firstUnseen[0] == 0 && !rs.getBoolean(2)) {
                firstUnseen[0] = uid;
            }
            String keywords = rs.getString(3);
            if (keywords != null && !keywords.isEmpty()) {
                keywordColumns.add(keywords);
            }
        }, mailboxId);
        if (repeated[0] > 0) {
            org.slf4j.LoggerFactory.getLogger(MessageRows.class).error("Mailbox #{}: the database returned {} UID(s) twice or"
                    + " out of order (a damaged index); SELECT shows each once. Run `mailwright admin check --repair`.",
                    mailboxId, repeated[0]);
        }
        java.util.Set<String> keywords = new java.util.TreeSet<>();
        keywordColumns.forEach(column -> keywords.addAll(FlagColumns.parseKeywords(column)));
        return new MailStore.Selection(uids.build().toArray(), firstUnseen[0], keywords);
    }

    /** Refs of the messages selected by {@code uids}, ascending. */
    void forEachRef(long mailboxId, UidSet uids, Consumer<MessageRef> sink) {
        for (UidSql.Clause clause : UidSql.clauses("mm.uid", uids)) {
            List<Object> params = new ArrayList<>();
            params.add(mailboxId);
            params.addAll(clause.params());
            streaming.query("SELECT mm.uid, mm.modseq, " + prefixed("mm") + " FROM mailbox_message mm WHERE mm.mailbox_id = ? AND "
                    + clause.sql() + IN_UID_ORDER, rs -> {
                        sink.accept(new MessageRef(rs.getLong(1), rs.getLong(2), FlagColumns.read(rs, 3)));
                    }, params.toArray());
        }
    }

    /** Walks the (mailbox_id, uid) primary key backwards: cost is the page size, not the mailbox size. */
    List<MessageMeta> metaPageBefore(long mailboxId, long beforeUid, int limit) {
        return jdbc.sql(pageBeforeSql(limit))
                .params(mailboxId, beforeUid)
                .query((rs, n) -> meta(rs))
                .list();
    }

    /**
     * The statement of {@link #metaPageBefore}; parameters: mailbox id, UID bound. The ORDER BY names the primary
     * key's columns in its order: ordered by the UID alone, H2 read every row of the mailbox (and its message row),
     * sorted them and kept the first {@code limit} (the webmail's first page of a 100,000-message INBOX read 100,000
     * rows after a restart).
     */
    static String pageBeforeSql(int limit) {
        return META_COLUMNS + " WHERE mm.mailbox_id = ? AND mm.uid < ? ORDER BY mm.mailbox_id DESC, mm.uid DESC FETCH FIRST "
                + limit + " ROWS ONLY";
    }

    /** The number of {@link #META_COLUMNS}. */
    static final int META_WIDTH = 24;

    static final String META_COLUMNS = """
            SELECT mm.uid, mm.modseq, mm.seen, mm.answered, mm.flagged, mm.deleted, mm.draft, mm.keywords,
                   mm.internal_date, m.size_bytes, m.blob_hash, m.envelope, m.body_structure, m.body,
                   m.part_tree, m.subject, m.from_address, m.sent_date, m.preview, m.has_attachments,
                   m.message_id, m.thread_key, m.id AS message_row, mm.save_date
            FROM mailbox_message mm JOIN message m ON m.id = mm.message_id
            """;

    void forEachMeta(long mailboxId, UidSet uids, Consumer<MessageMeta> sink) {
        forEachMeta(mailboxId, uids, 0, (meta, content) -> sink.accept(meta));
    }

    /**
     * {@link #forEachMeta(long, UidSet, Consumer)}, and with {@code contentMax > 0} each row's blob bytes when the
     * {@code blob} table holds them and they are at most {@code contentMax} (else {@code null}): a FETCH of bodies
     * gets row and bytes in one statement.
     */
    void forEachMeta(long mailboxId, UidSet uids, long contentMax, BiConsumer<MessageMeta, byte[]> sink) {
        boolean withContent = contentMax > 0;
        String sql = withContent
                ? metaColumnsAnd("CASE WHEN b.size_bytes <= ? THEN b.content END AS content") + " LEFT JOIN blob b ON b.hash = m.blob_hash"
                : META_COLUMNS;
        for (UidSql.Clause clause : UidSql.clauses("mm.uid", uids)) {
            List<Object> params = new ArrayList<>(clause.params().size() + 2);
            if (withContent) {
                params.add(contentMax);
            }
            params.add(mailboxId);
            params.addAll(clause.params());
            streaming.query(sql + " WHERE mm.mailbox_id = ? AND " + clause.sql() + IN_UID_ORDER,
                    rs -> {
                        sink.accept(meta(rs), withContent ? rs.getBytes(META_WIDTH + 1) : null);
                    }, params.toArray());
        }
    }

    /**
     * The narrow rows IMAP SEARCH decides from ({@link SearchRow}), in UID order; {@code withHeader} adds the exact
     * header text where the row has one.
     */
    void forEachSearchRow(long mailboxId, UidSet uids, boolean withHeader, Consumer<SearchRow> sink) {
        String header = withHeader ? "CASE WHEN m.search_header_exact THEN m.search_header END" : "CAST(NULL AS VARCHAR(1))";
        for (UidSql.Clause clause : UidSql.clauses("mm.uid", uids)) {
            Object[] params = new Object[clause.params().size() + 1];
            params[0] = mailboxId;
            for (int i = 0; i < clause.params().size(); i++) {
                params[i + 1] = clause.params().get(i);
            }
            streaming.query("SELECT mm.uid, mm.modseq, " + prefixed("mm") + """
                            , mm.internal_date, m.size_bytes, m.blob_hash, m.id AS message_row, m.thread_key,
                            mm.save_date, """ + header + """
                             AS exact_header
                            FROM mailbox_message mm JOIN message m ON m.id = mm.message_id
                            WHERE mm.mailbox_id = ? AND """ + clause.sql() + IN_UID_ORDER,
                    rs -> {
                        sink.accept(new SearchRow(rs.getLong("uid"), rs.getLong("modseq"), FlagColumns.read(rs),
                                instant(rs, "internal_date"), rs.getLong("size_bytes"), rs.getString("blob_hash"),
                                rs.getLong("message_row"), rs.getString("thread_key"), instant(rs, "save_date"),
                                rs.getString("exact_header")));
                    }, params);
        }
    }

    /** A row of {@link #META_COLUMNS}, read by position (a name costs a look-up per column and row). */
    static MessageMeta meta(ResultSet rs) throws SQLException {
        return new MessageMeta(rs.getLong(1), rs.getLong(2), FlagColumns.read(rs, 3), instant(rs, 9), rs.getLong(10),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
                rs.getString(17), instant(rs, 18), rs.getString(19), rs.getBoolean(20), rs.getString(21),
                rs.getString(22), rs.getLong(23), instant(rs, 24));
    }

    static String prefixed(String alias) {
        return alias + ".seen, " + alias + ".answered, " + alias + ".flagged, " + alias + ".deleted, " + alias + ".draft, "
                + alias + ".keywords";
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return instant(rs, rs.findColumn(column));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** {@link #META_COLUMNS} with more columns after them, where {@link #meta} does not look. */
    static String metaColumnsAnd(String more) {
        return META_COLUMNS.replace("\nFROM ", ", " + more + "\nFROM ");
    }

    private static String bounded(String id) {
        return id.length() <= 998 ? id : id.substring(0, 998);
    }

}
