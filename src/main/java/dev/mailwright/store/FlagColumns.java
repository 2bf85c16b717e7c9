package dev.mailwright.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The five system flags as boolean columns and keywords as one space-separated text column (IMAP keywords
 * are atoms, so they never contain a space).
 */
final class FlagColumns {
    static final String SELECT = "seen, answered, flagged, deleted, draft, keywords";
    static final int MAX_KEYWORDS_LENGTH = 4000;
    /** The boolean columns of {@link #SELECT}, in its order. */
    private static final SystemFlag[] COLUMN_ORDER = {
        SystemFlag.SEEN, SystemFlag.ANSWERED, SystemFlag.FLAGGED, SystemFlag.DELETED, SystemFlag.DRAFT};

    private FlagColumns() {
    }

    static Flags read(ResultSet rs) throws SQLException {
        return read(rs, rs.findColumn("seen"));
    }

    /** The columns of {@link #SELECT}, in its order, from position {@code seen} on: no look-up by name per column. */
    static Flags read(ResultSet rs, int seen) throws SQLException {
        int bits = 0;
        for (int i = 0; i < COLUMN_ORDER.length; i++) {
            if (rs.getBoolean(seen + i)) {
                bits |= 1 << COLUMN_ORDER[i].ordinal();
            }
        }
        String keywords = rs.getString(seen + COLUMN_ORDER.length);
        return Flags.ofBits(bits, keywords == null || keywords.isEmpty() ? Set.of() : parseKeywords(keywords));
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
