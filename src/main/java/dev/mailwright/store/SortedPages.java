package dev.mailwright.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mailwright.store.search.SearchIndex;
import dev.mailwright.store.search.SearchText;
import dev.mailwright.store.MailStore.MessageQuery;
import dev.mailwright.store.MailStore.MetaPage;
import dev.mailwright.store.MailStore.PageCursor;
import dev.mailwright.store.MailStore.SearchHit;
import dev.mailwright.store.MailStore.SortDirection;
import dev.mailwright.store.MailStore.SortKey;

/**
 * Sorted keyset pages of one mailbox, and the account-wide search. Arrival order is the primary key of
 * {@code mailbox_message}; every other key is a column of {@code mailbox_message_keys} (V30, V31) with an index on
 * (mailbox_id, key, uid): a page is one index range scan of {@code limit + 1} rows, whatever the mailbox size, each
 * joined to its placement by that placement's primary key.
 */
@Component
class SortedPages {
    private final JdbcClient jdbc;
    private final SearchIndex index;

    SortedPages(JdbcClient jdbc, SearchIndex index) {
        this.jdbc = jdbc;
        this.index = index;
    }

    MetaPage page(long mailboxId, SortKey key, SortDirection direction, Optional<PageCursor> after, int limit) {
        Query query = query(mailboxId, key, direction, after, limit);
        List<Row> rows = jdbc.sql(query.sql()).params(query.params())
                .query((rs, n) -> new Row(MessageRows.meta(rs), keyText(key, rs))).list();
        boolean more = rows.size() > limit;
        List<Row> page = more ? rows.subList(0, limit) : rows;
        Optional<PageCursor> next = more
                ? Optional.of(new PageCursor(page.getLast().key(), page.getLast().meta().uid()))
                : Optional.empty();
        return new MetaPage(page.stream().map(Row::meta).toList(), next);
    }

    List<SearchHit> search(long accountId, MessageQuery query, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE mb.account_id = ?");
        params.add(accountId);
        query.mailbox().ifPresent(id -> {
            where.append(" AND mm.mailbox_id = ?");
            params.add(id.value());
        });
        contains(where, params, "m.from_address", query.from());
        contains(where, params, "m.envelope", query.to().map(SortedPages::envelopeForm));
        contains(where, params, "m.subject", query.subject());
        // the search index narrows the text criterion (store.search); the LIKE below decides
        query.text().filter(t -> !t.isBlank())
                .flatMap(t -> index.narrowing(accountId, SearchIndex.Part.BODY, t.strip()))
                .ifPresent(narrowing -> narrow(where, params, narrowing));
        matches(where, params, JdbcMailStore.FOLDED_TEXT, query.text());
        query.since().ifPresent(since -> {
            where.append(" AND mm.sort_date >= ?");
            params.add(MessageRows.timestamp(since));
        });
        query.before().ifPresent(before -> {
            where.append(" AND mm.sort_date < ?");
            params.add(MessageRows.timestamp(before));
        });
        String sql = MessageRows.metaColumnsAnd("mm.mailbox_id, mb.name AS mailbox_name")
                .replace("FROM mailbox_message mm", "FROM mailbox_message mm JOIN mailbox mb ON mb.id = mm.mailbox_id")
                + where + " ORDER BY mm.sort_date DESC, mm.mailbox_id, mm.uid DESC FETCH FIRST " + limit + " ROWS ONLY";
        return jdbc.sql(sql).params(params).query((rs, n) -> new SearchHit(new MailboxId(rs.getLong("mailbox_id")),
                rs.getString("mailbox_name"), MessageRows.meta(rs))).list();
    }

    /** The envelope holds an address as {@code ("Name" NIL "local" "domain")}: "a@b" becomes {@code a" "b}. */
    private static String envelopeForm(String address) {
        int at = address.indexOf('@');
        return at < 0 ? address : address.substring(0, at) + "\" \"" + address.substring(at + 1);
    }

    /** Ids as a literal list only while short; a longer list leaves the LIKE alone to decide. */
    private static final int MAX_LISTED_IDS = 1000;

    private static void narrow(StringBuilder where, List<Object> params, SearchIndex.Narrowing narrowing) {
        switch (narrowing) {
            case SearchIndex.Condition c -> {
                where.append(" AND ").append(c.sql());
                params.addAll(c.params());
            }
            case SearchIndex.SplitCondition split -> {
                where.append(" AND (").append(split.exact().sql()).append(" OR ").append(split.candidates().sql()).append(')');
                params.addAll(split.exact().params());
                params.addAll(split.candidates().params());
            }
            case SearchIndex.MessageIds ids when ids.ascending().length == 0 -> where.append(" AND 1 = 0");
            case SearchIndex.MessageIds ids when ids.ascending().length <= MAX_LISTED_IDS -> {
                where.append(" AND m.id IN (").append(String.join(",", java.util.Collections.nCopies(ids.ascending().length, "?")))
                        .append(')');
                for (long id : ids.ascending()) {
                    params.add(id);
                }
            }
            case SearchIndex.MessageIds ids -> {
            }
        }
    }

    private static void contains(StringBuilder where, List<Object> params, String column, Optional<String> text) {
        matches(where, params, "LOWER(" + column + ")", text);
    }

    /** {@code folded} (an expression already in lower case) holds the stripped, folded {@code text}. */
    private static void matches(StringBuilder where, List<Object> params, String folded, Optional<String> text) {
        text.filter(t -> !t.isBlank()).ifPresent(t -> {
            where.append(" AND ").append(folded).append(" LIKE ? ESCAPE '!'");
            params.add(SearchText.likePattern(SearchText.fold(t.strip())));
        });
    }

    /** The statement of one page, fetching one row more than {@code limit} to know whether another page follows. */
    static Query query(long mailboxId, SortKey key, SortDirection direction, Optional<PageCursor> after, int limit) {
        String column = column(key);
        String beyond = switch (direction) {
            case ASCENDING -> ">";
            case DESCENDING -> "<";
        };
        String order = switch (direction) {
            case ASCENDING -> " ASC";
            case DESCENDING -> " DESC";
        };
        boolean sortTable = key != SortKey.ARRIVAL;
        String rows = sortTable ? "s" : "mm";   // the table whose index the page walks
        List<Object> params = new ArrayList<>();
        params.add(mailboxId);
        StringBuilder where = new StringBuilder(" WHERE " + rows + ".mailbox_id = ?");
        if (after.isEmpty() && sortTable) {
            // always true, but it makes H2 choose the key's index (and walk it sorted) rather than the primary key
            where.append(" AND ").append(column).append(" >= ?");
            params.add(floor(key));
        }
        if (after.isPresent()) {
            PageCursor cursor = after.get();
            if (!sortTable) {
                where.append(" AND mm.uid ").append(beyond).append(" ?");
                params.add(cursor.uid());
            } else {
                // "key <= k" bounds the index range; the OR picks up the ties after the cursor's UID
                Object value = value(key, cursor.key());
                where.append(" AND ").append(column).append(' ').append(beyond).append("= ? AND (")
                        .append(column).append(' ').append(beyond).append(" ? OR s.uid ").append(beyond).append(" ?)");
                params.add(value);
                params.add(value);
                params.add(cursor.uid());
            }
        }
        // mailbox_id leads the ORDER BY like it leads the index: H2 then reads the index in order instead of sorting
        String orderBy = " ORDER BY " + rows + ".mailbox_id" + order + (sortTable ? ", " + column + order : "")
                + ", " + rows + ".uid" + order;
        String columns = MessageRows.metaColumnsAnd(column + " AS sort_key");
        if (sortTable) {
            columns = columns.replace("FROM mailbox_message mm", "FROM mailbox_message_keys s"
                    + " JOIN mailbox_message mm ON mm.mailbox_id = s.mailbox_id AND mm.uid = s.uid");
        }
        String sql = columns + where + orderBy + " FETCH FIRST " + (limit + 1) + " ROWS ONLY";
        return new Query(sql, params);
    }

    record Query(String sql, List<Object> params) {
    }

    private record Row(MessageMeta meta, String key) {
    }

    private static String column(SortKey key) {
        return switch (key) {
            case ARRIVAL -> "mm.uid";
            case DATE -> "s.sort_date";
            case SENDER -> "s.sort_from";
            case SUBJECT -> "s.sort_subject";
            case SIZE -> "s.size_bytes";
        };
    }

    /** Below every value the key can hold (Date: headers parse years from 0). */
    private static Object floor(SortKey key) {
        return switch (key) {
            case ARRIVAL, SIZE -> Long.MIN_VALUE;
            case DATE -> MessageRows.timestamp(DATE_FLOOR);
            case SENDER, SUBJECT -> "";
        };
    }

    private static final Instant DATE_FLOOR = Instant.parse("-4000-01-01T00:00:00Z");

    private static String keyText(SortKey key, ResultSet rs) throws SQLException {
        return switch (key) {
            case ARRIVAL, SIZE -> Long.toString(rs.getLong("sort_key"));
            case DATE -> MessageRows.instant(rs, "sort_key").toString();
            case SENDER, SUBJECT -> rs.getString("sort_key");
        };
    }

    private static Object value(SortKey key, String text) {
        try {
            return switch (key) {
                case ARRIVAL, SIZE -> Long.parseLong(text);
                case DATE -> MessageRows.timestamp(Instant.parse(text));
                case SENDER, SUBJECT -> text;
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("page cursor does not fit sort key " + key + ": " + e.getMessage(), e);
        }
    }
}
