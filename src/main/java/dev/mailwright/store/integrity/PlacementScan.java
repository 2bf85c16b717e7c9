package dev.mailwright.store.integrity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One pass over {@code mailbox_message} read from the table itself (not through an index): per mailbox the number of
 * rows, unseen rows, bytes, the highest UID and MODSEQ, a UID checksum, and the UIDs that occur twice. Memory: one
 * {@code long} per row while the pass runs.
 */
final class PlacementScan {

    /** What the rows of one mailbox add up to. */
    static final class Totals {
        long count;
        long unseen;
        long size;
        long maxUid;
        long maxModseq;
        long uidSum;
        long messageIdSum;
        long[] uids = new long[16];

        void add(long uid, long modseq, boolean seen, long bytes, long messageId) {
            if (count == uids.length) {
                uids = Arrays.copyOf(uids, uids.length * 2);
            }
            uids[(int) count] = uid;
            count++;
            unseen += seen ? 0 : 1;
            size += bytes;
            maxUid = Math.max(maxUid, uid);
            maxModseq = Math.max(maxModseq, modseq);
            uidSum += uid;
            messageIdSum += messageId;
        }

        /** UIDs present more than once (each listed once). */
        List<Long> repeatedUids() {
            long[] sorted = Arrays.copyOf(uids, (int) count);
            Arrays.sort(sorted);
            List<Long> repeated = new ArrayList<>();
            for (int i = 1; i < sorted.length; i++) {
                if (sorted[i] == sorted[i - 1] && (repeated.isEmpty() || repeated.getLast() != sorted[i])) {
                    repeated.add(sorted[i]);
                }
            }
            return repeated;
        }
    }

    private final Map<Long, Totals> byMailbox = new HashMap<>();
    private long rows;

    static PlacementScan read(JdbcTemplate streaming, Dialect dialect) {
        PlacementScan scan = new PlacementScan();
        String sql = "SELECT mailbox_id, uid, modseq, seen, size_bytes, message_id FROM mailbox_message" + dialect.tableScanHint();
        streaming.query(sql, rs -> {
            scan.byMailbox.computeIfAbsent(rs.getLong(1), id -> new Totals())
                    .add(rs.getLong(2), rs.getLong(3), rs.getBoolean(4), rs.getLong(5), rs.getLong(6));
            scan.rows++;
        });
        scan.byMailbox.values().forEach(t -> t.uids = Arrays.copyOf(t.uids, (int) t.count));
        return scan;
    }

    Totals of(long mailboxId) {
        return byMailbox.getOrDefault(mailboxId, new Totals());
    }

    Map<Long, Totals> all() {
        return byMailbox;
    }

    long rows() {
        return rows;
    }
}
