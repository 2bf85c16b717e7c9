package dev.mailwright.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mailwright.store.ingest.SortFields;

/**
 * The per-message SORT and THREAD keys (V11): written at ingest, streamed for one mailbox as narrow projections.
 * A row from before V11 that the catch-up ({@link SortFieldsCatchUp}) has not reached yet has NULL keys; its keys
 * are then computed from its envelope and subject as it is read, so answers never depend on the catch-up.
 */
@Component
class SortRows {
    private static final String UPDATE = """
            UPDATE message SET sort_base_subject = ?, sort_reply = ?, sort_from_mailbox = ?, sort_to_mailbox = ?,
                               sort_cc_mailbox = ?, sort_display_from = ?, sort_display_to = ?
            WHERE id = ?""";
    private static final String INSERTED = """
            UPDATE message SET sort_base_subject = ?, sort_reply = ?, sort_from_mailbox = ?, sort_to_mailbox = ?,
                               sort_cc_mailbox = ?, sort_display_from = ?, sort_display_to = ?, search_header_exact = ?
            WHERE id = ?""";
    private static final String PENDING = """
            CASE WHEN m.sort_base_subject IS NULL THEN m.envelope END AS pending_envelope,
            CASE WHEN m.sort_base_subject IS NULL THEN m.subject END AS pending_subject""";

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;

    SortRows(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(template.getDataSource());
        this.streaming.setFetchSize(MessageRows.FETCH_SIZE);
    }

    /**
     * Stores the keys of a message row just inserted (same transaction as the insert), and in the same statement its
     * {@code search_header_exact} (V27, see {@link dev.mailwright.store.search.SearchText.Header#linesAreFields}).
     */
    static void write(JdbcClient jdbc, long messageId, SortFields f, boolean headerLinesAreFields) {
        Object[] keys = params(messageId, f);
        Object[] all = new Object[keys.length + 1];
        System.arraycopy(keys, 0, all, 0, keys.length - 1);
        all[keys.length - 1] = headerLinesAreFields ? Boolean.TRUE : null;
        all[keys.length] = messageId;
        jdbc.sql(INSERTED).params(all).update();
    }

    void writeAll(List<Long> messageIds, List<SortFields> fields) {
        List<Object[]> rows = new ArrayList<>(messageIds.size());
        for (int i = 0; i < messageIds.size(); i++) {
            rows.add(params(messageIds.get(i), fields.get(i)));
        }
        streaming.batchUpdate(UPDATE, rows);
    }

    private static Object[] params(long messageId, SortFields f) {
        return new Object[] {f.baseSubject(), f.replyOrForward(), f.fromMailbox(), f.toMailbox(), f.ccMailbox(),
                f.displayFrom(), f.displayTo(), messageId};
    }

    /** The rows of the mailbox with a UID of at least {@code fromUid}, ascending. */
    void forEachSortKeys(long mailboxId, long fromUid, Consumer<MessageSortKeys> sink) {
        streaming.query("""
                        SELECT mm.uid, mm.sort_date, mm.internal_date, mm.size_bytes, m.sort_base_subject, m.sort_reply,
                               m.sort_from_mailbox, m.sort_to_mailbox, m.sort_cc_mailbox, m.sort_display_from,
                               m.sort_display_to, """ + PENDING + """

                        FROM mailbox_message mm JOIN message m ON m.id = mm.message_id
                        WHERE mm.mailbox_id = ? AND mm.uid >= ? ORDER BY mm.uid""",
                rs -> {
                    SortFields f = fields(rs);
                    sink.accept(new MessageSortKeys(rs.getLong("uid"), MessageRows.instant(rs, "sort_date"),
                            MessageRows.instant(rs, "internal_date"), rs.getLong("size_bytes"), f.baseSubject(),
                            f.fromMailbox(), f.toMailbox(), f.ccMailbox(), f.displayFrom(), f.displayTo()));
                }, mailboxId, fromUid);
    }

    /** The rows of the mailbox with a UID of at least {@code fromUid}, ascending. */
    void forEachThreadLinks(long mailboxId, long fromUid, Consumer<MessageThreadLinks> sink) {
        streaming.query("""
                        SELECT mm.uid, mm.sort_date, m.sort_base_subject, m.sort_reply, m.sort_from_mailbox,
                               m.sort_to_mailbox, m.sort_cc_mailbox, m.sort_display_from, m.sort_display_to,
                               m.message_id, m.in_reply_to, m.references_ids, """ + PENDING + """

                        FROM mailbox_message mm JOIN message m ON m.id = mm.message_id
                        WHERE mm.mailbox_id = ? AND mm.uid >= ? ORDER BY mm.uid""",
                rs -> {
                    SortFields f = fields(rs);
                    sink.accept(new MessageThreadLinks(rs.getLong("uid"), MessageRows.instant(rs, "sort_date"),
                            f.baseSubject(), f.replyOrForward(), Optional.ofNullable(rs.getString("message_id")),
                            parents(rs.getString("references_ids"), rs.getString("in_reply_to"))));
                }, mailboxId, fromUid);
    }

    /** RFC 5256 §3 REFERENCES step 1: the References ids, or else the In-Reply-To id. */
    private static List<String> parents(String references, String inReplyTo) {
        if (references != null && !references.isBlank()) {
            return Arrays.stream(references.trim().split(" ")).filter(id -> !id.isEmpty()).toList();
        }
        return inReplyTo == null || inReplyTo.isBlank() ? List.of() : List.of(inReplyTo.trim());
    }

    private static SortFields fields(ResultSet rs) throws SQLException {
        String base = rs.getString("sort_base_subject");
        if (base == null) {
            return SortFields.of(rs.getString("pending_subject"), rs.getString("pending_envelope"));
        }
        return new SortFields(base, rs.getBoolean("sort_reply"), rs.getString("sort_from_mailbox"),
                rs.getString("sort_to_mailbox"), rs.getString("sort_cc_mailbox"), rs.getString("sort_display_from"),
                rs.getString("sort_display_to"));
    }
}
