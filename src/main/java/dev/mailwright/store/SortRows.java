package dev.mailwright.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mailwright.store.ingest.ParsedMessage;
import dev.mailwright.store.ingest.SortFields;

/**
 * The per-message SORT and THREAD keys (V29 {@code message_keys}): written at ingest, streamed for one mailbox as
 * narrow rows joined to the placements, never to the wide message rows. A message stored before V29 that the
 * catch-up ({@link SortFieldsCatchUp}) has not reached yet has no keys row; its keys are then computed from its
 * message row as it is read, exactly as the catch-up computes them, so answers never depend on the catch-up.
 */
@Component
class SortRows {
    /** Characters of References ids kept for THREAD (the column's size); the oldest ids go first. */
    static final int MAX_PARENTS = 16_000;
    private static final int MAX_MESSAGE_ID = 998;
    private static final int IDS_PER_QUERY = 500;
    private static final String COLUMNS = """
            base_subject, reply, from_mailbox, to_mailbox, cc_mailbox, display_from, display_to, header_message_id,
            thread_parents""";
    private static final String INSERT = "INSERT INTO message_keys (message_id, " + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** {@link #INSERT} inside a statement whose {@code m} is the new message row (its keys' parameters alone). */
    static final String INSERT_FROM_NEW_ROW = "INSERT INTO message_keys (message_id, " + COLUMNS
            + ") SELECT m.id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM m";
    /** The catch-up's insert: nothing when the row has its keys already, or its message is gone. */
    private static final String INSERT_MISSING = "INSERT INTO message_keys (message_id, " + COLUMNS + """
            ) SELECT m.id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM message m
            WHERE m.id = ? AND NOT EXISTS (SELECT 1 FROM message_keys k WHERE k.message_id = m.id)""";
    /** What the keys are computed from, for a message without a keys row. */
    static final String SOURCE_COLUMNS = "id, subject, envelope, message_id, in_reply_to, references_ids";

    /** One message's keys, as stored. */
    record Keys(SortFields sort, String headerMessageId, String threadParents) {
        static Keys of(ParsedMessage p) {
            return of(p.subject(), p.envelope(), p.messageId().orElse(null), p.references(), p.inReplyTo().orElse(null));
        }

        static Keys of(String subject, String envelope, String messageId, List<String> references, String inReplyTo) {
            return new Keys(SortFields.of(subject, envelope),
                    messageId == null ? null : messageId.substring(0, Math.min(messageId.length(), MAX_MESSAGE_ID)),
                    parents(references, inReplyTo));
        }

        /** From the message row's {@link #SOURCE_COLUMNS}. */
        static Keys of(ResultSet rs) throws SQLException {
            String references = rs.getString("references_ids");
            return of(rs.getString("subject"), rs.getString("envelope"), rs.getString("message_id"),
                    references == null ? List.of() : List.of(references), rs.getString("in_reply_to"));
        }

        List<String> parentList() {
            return threadParents.isEmpty() ? List.of() : List.of(threadParents.split(" "));
        }

        /** The keys' parameters alone, in {@link #COLUMNS} order. */
        Object[] params() {
            SortFields f = sort;
            return new Object[] {f.baseSubject(), f.replyOrForward(), f.fromMailbox(), f.toMailbox(), f.ccMailbox(),
                    f.displayFrom(), f.displayTo(), headerMessageId, threadParents};
        }

        private Object[] params(long messageId, boolean idLast) {
            Object[] keys = params();
            Object[] all = new Object[keys.length + 1];
            System.arraycopy(keys, 0, all, idLast ? 0 : 1, keys.length);
            all[idLast ? keys.length : 0] = messageId;
            return all;
        }
    }

    /**
     * RFC 5256 §3 REFERENCES step 1: the References ids, or else the In-Reply-To id, space-separated; beyond
     * {@link #MAX_PARENTS} characters the oldest ids are dropped (the nearest ancestors are the last ones).
     */
    static String parents(List<String> references, String inReplyTo) {
        List<String> ids = references.stream().flatMap(r -> Arrays.stream(r.trim().split(" ")))
                .filter(id -> !id.isEmpty()).toList();
        if (ids.isEmpty()) {
            String parent = inReplyTo == null ? "" : inReplyTo.trim();
            return parent.substring(0, Math.min(parent.length(), MAX_MESSAGE_ID));
        }
        int from = ids.size();
        int length = -1;
        while (from > 0 && length + 1 + ids.get(from - 1).length() <= MAX_PARENTS) {
            length += 1 + ids.get(from - 1).length();
            from--;
        }
        return String.join(" ", ids.subList(from, ids.size()));
    }

    private final JdbcTemplate streaming;
    private final JdbcClient jdbc;

    SortRows(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(template.getDataSource());
        this.streaming.setFetchSize(MessageRows.FETCH_SIZE);
    }

    /** Stores the keys of a message row just inserted (same transaction as the insert). */
    static void write(JdbcClient jdbc, long messageId, Keys keys) {
        jdbc.sql(INSERT).params(keys.params(messageId, false)).update();
    }

    /** The copy of a message row for another account gets the original's keys (none: the catch-up computes them). */
    static void copy(JdbcClient jdbc, long fromMessageId, long toMessageId) {
        jdbc.sql("INSERT INTO message_keys (message_id, " + COLUMNS + ") SELECT ?, " + COLUMNS
                        + " FROM message_keys WHERE message_id = ?")
                .params(toMessageId, fromMessageId).update();
    }

    /** The catch-up's batch: each message that still has no keys row and still exists gets one. */
    void writeMissing(List<Long> messageIds, List<Keys> keys) {
        List<Object[]> rows = new ArrayList<>(messageIds.size());
        for (int i = 0; i < messageIds.size(); i++) {
            rows.add(keys.get(i).params(messageIds.get(i), true));
        }
        streaming.batchUpdate(INSERT_MISSING, rows);
    }

    /** One placement as read, with its keys or (a message from before V29 not caught up yet) without. */
    private record Placed(long uid, Instant sortDate, Instant internalDate, long size, long messageId, Keys keys) {
    }

    /** The rows of the mailbox with a UID of at least {@code fromUid}, ascending. */
    void forEachSortKeys(long mailboxId, long fromUid, Consumer<MessageSortKeys> sink) {
        for (Placed p : placements(mailboxId, fromUid)) {
            SortFields f = p.keys().sort();
            sink.accept(new MessageSortKeys(p.uid(), p.sortDate(), p.internalDate(), p.size(), f.baseSubject(),
                    f.fromMailbox(), f.toMailbox(), f.ccMailbox(), f.displayFrom(), f.displayTo()));
        }
    }

    /** The rows of the mailbox with a UID of at least {@code fromUid}, ascending. */
    void forEachThreadLinks(long mailboxId, long fromUid, Consumer<MessageThreadLinks> sink) {
        for (Placed p : placements(mailboxId, fromUid)) {
            Keys k = p.keys();
            sink.accept(new MessageThreadLinks(p.uid(), p.sortDate(), k.sort().baseSubject(), k.sort().replyOrForward(),
                    Optional.ofNullable(k.headerMessageId()), k.parentList()));
        }
    }

    private List<Placed> placements(long mailboxId, long fromUid) {
        List<Placed> placed = new ArrayList<>();
        Set<Long> pending = new HashSet<>();
        streaming.query("""
                        SELECT mm.uid, mm.sort_date, mm.internal_date, mm.size_bytes, mm.message_id, k.base_subject,
                               k.reply, k.from_mailbox, k.to_mailbox, k.cc_mailbox, k.display_from, k.display_to,
                               k.header_message_id, k.thread_parents
                        FROM mailbox_message mm LEFT JOIN message_keys k ON k.message_id = mm.message_id
                        WHERE mm.mailbox_id = ? AND mm.uid >= ?""" + MessageRows.IN_UID_ORDER,
                rs -> {
                    long messageId = rs.getLong("message_id");
                    Keys keys = null;
                    String baseSubject = rs.getString("base_subject");   // NOT NULL in a keys row: null, no row
                    if (baseSubject != null) {
                        keys = new Keys(new SortFields(baseSubject, rs.getBoolean("reply"),
                                rs.getString("from_mailbox"), rs.getString("to_mailbox"), rs.getString("cc_mailbox"),
                                rs.getString("display_from"), rs.getString("display_to")),
                                rs.getString("header_message_id"), rs.getString("thread_parents"));
                    } else {
                        pending.add(messageId);
                    }
                    placed.add(new Placed(rs.getLong("uid"), MessageRows.instant(rs, "sort_date"),
                            MessageRows.instant(rs, "internal_date"), rs.getLong("size_bytes"), messageId, keys));
                }, mailboxId, fromUid);
        if (!pending.isEmpty()) {
            computeKeys(placed, pending);
        }
        return placed;
    }

    /** Keys of placements whose message has no keys row yet, computed from their message rows as the catch-up does. */
    private void computeKeys(List<Placed> placed, Set<Long> pending) {
        List<Long> ids = new ArrayList<>(pending);
        Map<Long, Keys> computed = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            jdbc.sql("SELECT " + SOURCE_COLUMNS + " FROM message WHERE id IN ("
                            + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")")
                    .params(new ArrayList<Object>(chunk))
                    .query((rs, n) -> computed.put(rs.getLong("id"), Keys.of(rs)))
                    .list();
        }
        for (int i = 0; i < placed.size(); i++) {
            Placed p = placed.get(i);
            if (p.keys() == null) {
                placed.set(i, new Placed(p.uid(), p.sortDate(), p.internalDate(), p.size(), p.messageId(),
                        computed.get(p.messageId())));
            }
        }
    }
}
