package dev.mailwright.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * \Seen per user on other accounts' mailboxes (table {@code mailbox_seen}, V28). The owner's \Seen is the
 * {@code mailbox_message.seen} column, as before; every other reader has a \Seen of its own, unseen until that reader
 * sets it, so a colleague reading a shared folder changes nobody else's unread state. Every other flag stays shared.
 * A reader's view of a message is the stored row with \Seen replaced by the reader's own, and as MODSEQ the greater
 * of the row's and the reader's own change (CONDSTORE then reports the reader's \Seen changes to the reader only).
 * Callers run inside a store transaction.
 */
@Component
class PrivateSeen {
    /** One reader's \Seen of one message and the MODSEQ of its last change. */
    record Mark(boolean seen, long modseq) {
    }

    private static final Flags SEEN = Flags.of(SystemFlag.SEEN);

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final MailboxRows mailboxes;

    PrivateSeen(JdbcClient jdbc, JdbcTemplate template, MailboxRows mailboxes) {
        this.jdbc = jdbc;
        this.template = template;
        this.mailboxes = mailboxes;
    }

    /** The reader, when the mailbox is someone else's (its \Seen is then private); empty for the owner. */
    Optional<Long> reader(AccountId viewer, MailboxId mailbox) {
        return mailboxes.ownerOf(mailbox.value()).filter(o -> o != viewer.value()).map(o -> viewer.value());
    }

    /** The reader's marks for the messages of {@code uids} (a superset may be returned: the UID bounds are used). */
    Map<Long, Mark> marks(long readerId, long mailboxId, UidSet uids) {
        Map<Long, Mark> marks = new HashMap<>();
        if (uids.isEmpty()) {
            return marks;
        }
        long first = uids.ranges().getFirst().first();
        long last = uids.ranges().getLast().last();
        jdbc.sql("SELECT uid, seen, modseq FROM mailbox_seen WHERE account_id = ? AND mailbox_id = ? AND uid BETWEEN ? AND ?")
                .params(readerId, mailboxId, first, last)
                .query(rs -> {
                    marks.put(rs.getLong(1), new Mark(rs.getBoolean(2), rs.getLong(3)));
                });
        return marks;
    }

    /** UIDs whose \Seen the reader changed after {@code modseq}. */
    List<Long> changedSince(long readerId, long mailboxId, long modseq) {
        return jdbc.sql("SELECT uid FROM mailbox_seen WHERE account_id = ? AND mailbox_id = ? AND modseq > ? ORDER BY uid")
                .params(readerId, mailboxId, modseq).query(Long.class).list();
    }

    /** How many messages of the mailbox the reader has seen. */
    long seenCount(long readerId, long mailboxId) {
        return jdbc.sql("SELECT COUNT(*) FROM mailbox_seen WHERE account_id = ? AND mailbox_id = ? AND seen = TRUE")
                .params(readerId, mailboxId).query(Long.class).single();
    }

    /** Writes the reader's new \Seen of each UID, with {@code modseq}; the caller holds the mailbox lock. */
    void write(long readerId, long mailboxId, Map<Long, Boolean> seen, long modseq) {
        if (seen.isEmpty()) {
            return;
        }
        List<Object[]> deletes = new ArrayList<>(seen.size());
        List<Object[]> inserts = new ArrayList<>(seen.size());
        seen.forEach((uid, value) -> {
            deletes.add(new Object[] {readerId, mailboxId, uid});
            inserts.add(new Object[] {readerId, mailboxId, uid, value, modseq});
        });
        template.batchUpdate("DELETE FROM mailbox_seen WHERE account_id = ? AND mailbox_id = ? AND uid = ?", deletes);
        template.batchUpdate("INSERT INTO mailbox_seen (account_id, mailbox_id, uid, seen, modseq) VALUES (?, ?, ?, ?, ?)", inserts);
    }

    static Flags withSeen(Flags flags, boolean seen) {
        return seen ? flags.with(SEEN) : flags.without(SEEN);
    }

    static long modseq(long rowModseq, Mark mark) {
        return mark == null ? rowModseq : Math.max(rowModseq, mark.modseq());
    }

    static boolean seen(Mark mark) {
        return mark != null && mark.seen();
    }

    static MessageRef apply(MessageRef ref, Map<Long, Mark> marks) {
        Mark mark = marks.get(ref.uid());
        return new MessageRef(ref.uid(), modseq(ref.modseq(), mark), withSeen(ref.flags(), seen(mark)));
    }

    static SearchRow apply(SearchRow row, Map<Long, Mark> marks) {
        Mark mark = marks.get(row.uid());
        return new SearchRow(row.uid(), modseq(row.modseq(), mark), withSeen(row.flags(), seen(mark)), row.internalDate(),
                row.size(), row.blobHash(), row.messageRow(), row.threadKey(), row.saveDate(), row.exactHeader());
    }

    static MessageMeta apply(MessageMeta m, Map<Long, Mark> marks) {
        Mark mark = marks.get(m.uid());
        return new MessageMeta(m.uid(), modseq(m.modseq(), mark), withSeen(m.flags(), seen(mark)), m.internalDate(), m.size(),
                m.blobHash(), m.envelope(), m.bodyStructure(), m.body(), m.partTree(), m.subject(), m.from(), m.sentDate(),
                m.preview(), m.hasAttachments(), m.messageId(), m.threadKey(), m.messageRow(), m.saveDate());
    }
}
