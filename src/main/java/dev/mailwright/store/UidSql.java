package dev.mailwright.store;

import java.util.ArrayList;
import java.util.List;

/** Turns a {@link UidSet} into {@code (uid BETWEEN ? AND ? OR ...)} chunks small enough for any driver. */
final class UidSql {
    private static final int RANGES_PER_CHUNK = 200;

    private UidSql() {
    }

    record Clause(String sql, List<Object> params) {
    }

    /** One clause per chunk of ranges, in ascending UID order. {@code column} is e.g. {@code mm.uid}. */
    static List<Clause> clauses(String column, UidSet uids) {
        List<Clause> out = new ArrayList<>();
        List<UidRange> ranges = uids.ranges();
        for (int start = 0; start < ranges.size(); start += RANGES_PER_CHUNK) {
            List<UidRange> chunk = ranges.subList(start, Math.min(ranges.size(), start + RANGES_PER_CHUNK));
            if (chunk.size() == 1) {
                out.add(single(column, chunk.getFirst()));
                continue;
            }
            // the chunk's bounds first: H2 then reads that range of the (mailbox_id, uid) key, not the whole mailbox
            StringBuilder sql = new StringBuilder("(" + column + " BETWEEN ? AND ? AND (");
            List<Object> params = new ArrayList<>();
            params.add(chunk.getFirst().first());
            params.add(chunk.getLast().last());
            boolean first = true;
            for (UidRange r : chunk) {
                if (!first) {
                    sql.append(" OR ");
                }
                first = false;
                sql.append(column).append(" BETWEEN ? AND ?");
                params.add(r.first());
                params.add(r.last());
            }
            out.add(new Clause(sql.append("))").toString(), params));
        }
        return out;
    }

    /**
     * One UID as {@code column = ?}: PostgreSQL plans a statement with a range anew at every execution (its generic
     * plan looks costlier than a custom one), which took four times as long as running it for one body FETCH; with
     * an equality it keeps the generic plan after five executions.
     */
    private static Clause single(String column, UidRange range) {
        if (range.first() == range.last()) {
            return new Clause("(" + column + " = ?)", List.of(range.first()));
        }
        return new Clause("(" + column + " BETWEEN ? AND ?)", List.of(range.first(), range.last()));
    }
}
