package dev.mailwright.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.mailwright.store.MailStore.SearchHit;

/** Conversations: the messages of one account sharing a thread key, in every mailbox (ix_message_thread). */
@Component
class Conversations {
    private static final int KEYS_PER_QUERY = 200;

    private final JdbcClient jdbc;

    Conversations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<SearchHit> messages(long accountId, String threadKey, int limit) {
        String sql = MessageRows.metaColumnsAnd("mm.mailbox_id, mb.name AS mailbox_name")
                .replace("FROM mailbox_message mm", "FROM mailbox_message mm JOIN mailbox mb ON mb.id = mm.mailbox_id")
                + " WHERE m.account_id = ? AND m.thread_key = ? AND mb.account_id = ?"
                + " ORDER BY mm.sort_date, mm.mailbox_id, mm.uid FETCH FIRST " + limit + " ROWS ONLY";
        return jdbc.sql(sql).params(accountId, threadKey, accountId)
                .query((rs, n) -> new SearchHit(new MailboxId(rs.getLong("mailbox_id")), rs.getString("mailbox_name"),
                        MessageRows.meta(rs)))
                .list();
    }

    Map<String, Long> sizes(long accountId, Collection<String> threadKeys) {
        Map<String, Long> sizes = new HashMap<>();
        List<String> keys = new ArrayList<>(threadKeys.stream().distinct().toList());
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
            List<Object> params = new ArrayList<>();
            params.add(accountId);
            params.addAll(chunk);
            jdbc.sql("SELECT m.thread_key, COUNT(*) AS n FROM message m JOIN mailbox_message_keys k ON k.message_id = m.id"
                            + " WHERE m.account_id = ? AND m.thread_key IN (" + String.join(", ", chunk.stream().map(k -> "?").toList())
                            + ") GROUP BY m.thread_key")
                    .params(params)
                    .query(rs -> {
                        sizes.put(rs.getString("thread_key"), rs.getLong("n"));
                    });
        }
        return sizes;
    }
}
