package dev.mailwright.store.integrity;

import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mailwright.store.SortKeyColumns;

/**
 * A placement's keys ({@code mailbox_message_keys}, V30, V31): its message reference and the webmail's sort keys, one
 * row per placement, inserted and deleted with it, never updated. They are derived from the placement and its message,
 * so a placement without its row (the webmail's sorted pages would skip the message, and the message row could be
 * taken for unreferenced) or a row without its placement (a placement that a repair moved to {@link LostAndFound#NAME},
 * or a transaction that a damaged database did not apply whole) is repaired by deriving them again.
 */
final class PlacementKeyRows {
    /** A placement {@code mm} without its key row (or with one that names another message). */
    private static final String MISSING_CONDITION = " NOT EXISTS (SELECT 1 FROM mailbox_message_keys s"
            + " WHERE s.mailbox_id = mm.mailbox_id AND s.uid = mm.uid AND s.message_id = mm.message_id)";
    private static final String MISSING = " FROM mailbox_message mm WHERE" + MISSING_CONDITION;
    private static final String ORPHANED = " FROM mailbox_message_keys s WHERE NOT EXISTS (SELECT 1 FROM mailbox_message mm"
            + " WHERE mm.mailbox_id = s.mailbox_id AND mm.uid = s.uid AND mm.message_id = s.message_id)";

    private final JdbcClient jdbc;

    PlacementKeyRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Placements without their key row plus key rows without their placement. {@code placements}: the per-mailbox
     * totals of a scan of {@code mailbox_message} that is still current, or null; when the key table's totals (row
     * count, UID sum and message-reference sum per mailbox, one pass over its primary key) equal them, nothing is out
     * of step and the two row-by-row look-ups are skipped (the check runs at every start).
     */
    long outOfStep(Map<Long, PlacementScan.Totals> placements) {
        if (placements != null) {
            Map<Long, long[]> keyed = new HashMap<>();
            jdbc.sql("SELECT mailbox_id, COUNT(*), SUM(uid), SUM(message_id) FROM mailbox_message_keys GROUP BY mailbox_id")
                    .query(rs -> {
                        keyed.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                    });
            boolean same = keyed.size() == placements.size() && placements.entrySet().stream().allMatch(e -> {
                long[] totals = keyed.get(e.getKey());
                return totals != null && totals[0] == e.getValue().count && totals[1] == e.getValue().uidSum
                        && totals[2] == e.getValue().messageIdSum;
            });
            if (same) {
                return 0;
            }
        }
        return jdbc.sql("SELECT COUNT(*)" + MISSING).query(Long.class).single()
                + jdbc.sql("SELECT COUNT(*)" + ORPHANED).query(Long.class).single();
    }

    /** Deletes the rows without placement and derives the missing ones (run after repeated UIDs are resolved). */
    void repair() {
        jdbc.sql("DELETE" + ORPHANED).update();
        jdbc.sql("INSERT INTO mailbox_message_keys (mailbox_id, uid, message_id, sort_date, sort_from, sort_subject, size_bytes)"
                + " SELECT mm.mailbox_id, mm.uid, mm.message_id, mm.sort_date, " + SortKeyColumns.SORT_FROM + ", "
                + SortKeyColumns.SORT_SUBJECT
                + ", mm.size_bytes FROM mailbox_message mm JOIN message m ON m.id = mm.message_id WHERE" + MISSING_CONDITION)
                .update();
    }
}
