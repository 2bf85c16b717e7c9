package dev.mailwright.store.integrity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The indexes of {@code mailbox_message}, the table every SELECT and FETCH reads through its indexes. {@link #disagreeing}
 * reads the per-mailbox row count and UID sum through each index and compares them with a scan of the table; a
 * damaged index (H2 after a crash returned a row twice) shows as a difference. {@link #rebuild} drops and re-creates
 * them from their own definitions, with the primary key (the table has no foreign keys since V31: its references are
 * enforced on {@code mailbox_message_keys}).
 */
final class PlacementIndexes {
    static final String TABLE = "mailbox_message";
    static final String PRIMARY_KEY = "ALTER TABLE mailbox_message ADD CONSTRAINT pk_mailbox_message PRIMARY KEY (mailbox_id, uid)";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Dialect dialect;

    PlacementIndexes(JdbcClient jdbc, JdbcTemplate template, Dialect dialect) {
        this.jdbc = jdbc;
        this.template = template;
        this.dialect = dialect;
    }

    boolean primaryKeyPresent() {
        String sql = switch (dialect) {
            case H2 -> "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = SCHEMA()"
                    + " AND TABLE_NAME = 'MAILBOX_MESSAGE' AND CONSTRAINT_TYPE = 'PRIMARY KEY'";
            case POSTGRESQL -> "SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = current_schema()"
                    + " AND table_name = 'mailbox_message' AND constraint_type = 'PRIMARY KEY'";
        };
        return jdbc.sql(sql).query(Long.class).single() > 0;
    }

    /** Index name → its columns in order (H2); on PostgreSQL one pseudo-entry for "whatever index the planner takes". */
    Map<String, List<String>> definitions() {
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        if (dialect == Dialect.POSTGRESQL) {
            indexes.put("(any index)", List.of("mailbox_id"));
            return indexes;
        }
        jdbc.sql("""
                        SELECT c.INDEX_NAME, c.COLUMN_NAME FROM INFORMATION_SCHEMA.INDEX_COLUMNS c
                        WHERE c.TABLE_SCHEMA = SCHEMA() AND c.TABLE_NAME = 'MAILBOX_MESSAGE' ORDER BY c.INDEX_NAME, c.ORDINAL_POSITION""")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list()
                .forEach(e -> indexes.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return indexes;
    }

    /** Names of the indexes whose per-mailbox (count, UID sum) differ from the table scan's. */
    List<String> disagreeing(PlacementScan scan) {
        List<String> bad = new ArrayList<>();
        for (var index : definitions().entrySet()) {
            Map<Long, long[]> seen = new HashMap<>();
            String first = index.getValue().getFirst();
            String sql = switch (dialect) {
                case H2 -> "SELECT mailbox_id, COUNT(*), SUM(uid) FROM mailbox_message USE INDEX (\"" + index.getKey() + "\")"
                        + " WHERE \"" + first + "\" >= " + Long.MIN_VALUE + " GROUP BY mailbox_id";
                case POSTGRESQL -> "SELECT mailbox_id, COUNT(*), SUM(uid) FROM mailbox_message WHERE mailbox_id >= "
                        + Long.MIN_VALUE + " GROUP BY mailbox_id";
            };
            if (dialect == Dialect.POSTGRESQL) {
                template.execute("SET LOCAL enable_seqscan = off");
            }
            template.query(sql, rs -> {
                seen.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
            });
            if (dialect == Dialect.POSTGRESQL) {
                template.execute("SET LOCAL enable_seqscan = on");
            }
            boolean differs = seen.size() != scan.all().size();
            for (var entry : scan.all().entrySet()) {
                long[] viaIndex = seen.get(entry.getKey());
                if (viaIndex == null || viaIndex[0] != entry.getValue().count || viaIndex[1] != entry.getValue().uidSum) {
                    differs = true;
                }
            }
            if (differs) {
                bad.add(index.getKey());
            }
        }
        return bad;
    }

    /**
     * Drops every index of the table (H2: the primary key too), runs {@code between} (which removes
     * duplicate keys), and re-creates them. On PostgreSQL {@code REINDEX} after {@code between}.
     */
    void rebuild(Runnable between) {
        if (dialect == Dialect.POSTGRESQL) {
            between.run();
            if (!primaryKeyPresent()) {
                template.execute(PRIMARY_KEY);
            }
            template.execute("REINDEX TABLE mailbox_message");
            return;
        }
        Map<String, List<String>> secondary = new LinkedHashMap<>();
        List<String> constraintIndexes = jdbc.sql("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = SCHEMA()"
                + " AND TABLE_NAME = 'MAILBOX_MESSAGE' AND INDEX_NAME IS NOT NULL").query(String.class).list();
        definitions().forEach((name, columns) -> {
            if (!constraintIndexes.contains(name)) {
                secondary.put(name, columns);
            }
        });
        List<String> constraints = jdbc.sql("SELECT CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = SCHEMA()"
                + " AND TABLE_NAME = 'MAILBOX_MESSAGE' AND CONSTRAINT_TYPE = 'PRIMARY KEY'").query(String.class).list();
        for (String constraint : constraints) {
            template.execute("ALTER TABLE mailbox_message DROP CONSTRAINT \"" + constraint + "\"");
        }
        for (String name : secondary.keySet()) {
            template.execute("DROP INDEX IF EXISTS \"" + name + "\"");
        }
        between.run();
        template.execute(PRIMARY_KEY);
        secondary.forEach((name, columns) -> template.execute("CREATE INDEX \"" + name + "\" ON mailbox_message ("
                + String.join(", ", columns.stream().map(c -> "\"" + c + "\"").toList()) + ")"));
    }
}
