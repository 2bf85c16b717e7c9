package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The statements that read a mailbox's placements in UID order walk the (mailbox_id, uid) key in order on H2 instead of
 * gathering and sorting every row ({@link MessageRows#IN_UID_ORDER}). The store's own statements are caught with H2's
 * query statistics while SELECT's, FETCH's, SEARCH's, SORT's and EXPUNGE's reads run, and each one's plan is checked.
 * PostgreSQL reads the key in order with {@code ORDER BY uid} alone, so this is H2's test.
 */
@SpringBootTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class H2UidOrderPlansTest {
    private static final int MESSAGES = 3_000;

    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        StoreTestSupport.h2(registry);
    }

    @Test
    void everyReadOfAMailboxInUidOrderShouldWalkThePrimaryKeyWithoutASort() {
        AccountId alice = accounts.createAccount(uniqueAddress("alice"), "{noop}x", false).id();
        MailboxId big = StoreTestSupport.mailboxOfPlacements(store, jdbc, alice, "Big", MESSAGES);
        List<String> statements;
        jdbc.sql("SET QUERY_STATISTICS_MAX_ENTRIES 10000").update();
        jdbc.sql("SET QUERY_STATISTICS TRUE").update();
        try {
            long[] seen = new long[1];
            assertThat(store.selection(big).uids()).hasSize(MESSAGES);
            store.forEachMessage(big, ref -> seen[0]++);
            store.forEachMessage(big, UidSet.ALL, ref -> seen[0]++);
            store.forEachMessage(big, UidSet.of(1, 2, 3, 700, 701, 2_999), ref -> seen[0]++);
            store.forEachMeta(big, UidSet.ALL, meta -> seen[0]++);
            store.forEachSearchRow(big, UidSet.ALL, true, row -> seen[0]++);
            store.forEachSortKeys(big, keys -> seen[0]++);
            // another node's expunge: the sort keys' cache reconciles its rows with the mailbox's UIDs
            jdbc.sql("DELETE FROM mailbox_message WHERE mailbox_id = ? AND uid = 1500").param(big.value()).update();
            jdbc.sql("UPDATE mailbox SET message_count = message_count - 1 WHERE id = ?").param(big.value()).update();
            store.forEachSortKeys(big, keys -> seen[0]++);
            assertThat(store.expunge(alice, big, Optional.of(UidSet.ALL))).isEmpty();
            assertThat(seen[0]).isEqualTo(5L * MESSAGES + 6 + (MESSAGES - 1));
            statements = jdbc.sql("SELECT SQL_STATEMENT FROM INFORMATION_SCHEMA.QUERY_STATISTICS").query(String.class).list();
        } finally {
            jdbc.sql("SET QUERY_STATISTICS FALSE").update();
        }
        List<String> inUidOrder = statements.stream()
                .filter(sql -> sql.contains("mailbox_message") && !sql.contains("UNION ALL")
                        && sql.matches("(?s).*ORDER BY [\\w., ]*\\buid"))
                .toList();
        // selection, refs (whole mailbox and by UID), metadata, search rows, sort keys, the cache's UID list, EXPUNGE's
        assertThat(inUidOrder).as(String.join("\n", statements)).hasSizeGreaterThanOrEqualTo(8)
                .anyMatch(sql -> sql.startsWith("SELECT mm.uid, mm.seen, mm.keywords"))
                .anyMatch(sql -> sql.startsWith("SELECT mm.uid FROM mailbox_message mm WHERE mm.mailbox_id = ? ORDER BY"))
                .anyMatch(sql -> sql.contains("mm.deleted = TRUE"));
        for (String sql : inUidOrder) {
            String plan = explain(sql);
            assertThat(plan).as(plan).contains("PUBLIC.PRIMARY_KEY_").contains("/* index sorted */");
        }
    }

    /** H2's plan of {@code sql} with every parameter bound to 1 (the plan's index choice does not depend on them). */
    private String explain(String sql) {
        List<Object> ones = new ArrayList<>();
        for (int i = sql.indexOf('?'); i >= 0; i = sql.indexOf('?', i + 1)) {
            ones.add(1L);
        }
        return String.join("\n", jdbc.sql("EXPLAIN " + sql).params(ones).query(String.class).list());
    }
}
