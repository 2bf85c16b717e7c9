package dev.mailwright.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The five system flags as boolean columns and keywords as one space-separated text column (IMAP keywords
 * are atoms, so they never contain a space).
 */
final class FlagColumns {
    static final String SELECT = "seen, answered, flagged, deleted, draft, keywords";
    static final int MAX_KEYWORDS_LENGTH = 4000;

    private FlagColumns() {
    }

    static Flags read(ResultSet rs) throws SQLException {
        return read(rs, rs.findColumn("seen"));
    }

    /** The columns of {@link #SELECT}, in its order, from position {@code seen} on: no look-up by name per column. */
    static Flags read(ResultSet rs, int seen) throws SQLException {
        EnumSet<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
        if (rs.getBoolean(seen)) {
            system.add(SystemFlag.SEEN);
        }
        if (rs.getBoolean(seen + 1)) {
            system.add(SystemFlag.ANSWERED);
        }
        if (rs.getBoolean(seen + 2)) {
            system.add(SystemFlag.FLAGGED);
        }
        if (rs.getBoolean(seen + 3)) {
            system.add(SystemFlag.DELETED);
        }
        if (rs.getBoolean(seen + 4)) {
            system.add(SystemFlag.DRAFT);
        }
        return new Flags(system, parseKeywords(rs.getString(seen + 5)));
    }

    static Set<String> parseKeywords(String column) {
        Set<String> out = new LinkedHashSet<>();
        if (column != null) {
            for (String k : column.split(" ")) {
                if (!k.isEmpty()) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    static String keywords(Flags flags) {
        String joined = String.join(" ", flags.keywords());
        if (joined.length() > MAX_KEYWORDS_LENGTH) {
            throw new StoreException.MailboxNotAllowed("Too many keywords on one message");
        }
        return joined;
    }

    /** Parameters in column order: seen, answered, flagged, deleted, draft, keywords. */
    static Object[] params(Flags flags) {
        return new Object[] {flags.has(SystemFlag.SEEN), flags.has(SystemFlag.ANSWERED), flags.has(SystemFlag.FLAGGED),
                flags.has(SystemFlag.DELETED), flags.has(SystemFlag.DRAFT), keywords(flags)};
    }
}
