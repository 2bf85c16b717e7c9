package dev.mailwright.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@EnabledIfEnvironmentVariable(named = SearchIndexTestSupport.POSTGRES_URL, matches = ".+")
class PostgresSearchIndexTest extends SearchIndexContract {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SearchIndexTestSupport.properties(SearchIndexTestSupport.tempDir(), true).forEach((k, v) -> registry.add(k, () -> v));
    }

    @Autowired
    PlatformTransactionManager transactions;

    /** On PostgreSQL the index entries are the row's: they live and die with it. */
    @Override
    boolean indexHolds(long messageId) {
        return jdbc.sql("SELECT COUNT(*) FROM message WHERE id = ? AND search_grams IS NOT NULL").param(messageId)
                .query(Long.class).single() > 0;
    }

    /**
     * V36 and V37: the row carries the trigram codes of its body's distinct words and, below zero, of its search
     * header's, which the one GIN index is built from.
     */
    @Test
    void theRowShouldCarryTheCodesOfEachTrigramInsideItsWords() {
        List<Integer> codes = jdbc.sql("SELECT m.search_grams FROM message m JOIN mailbox_message mm ON mm.message_id = m.id"
                        + " WHERE mm.mailbox_id = ? AND mm.uid = ?").params(inbox.id().value(), zebra)
                .query((rs, n) -> List.of((Integer[]) rs.getArray(1).getArray())).single();
        // the search text starts with a few header fields (SearchText), then the body "The Zebra crossed the road."
        assertThat(codes).isSorted().doesNotHaveDuplicates()
                .contains(SearchWords.code('z', 'e', 'b'), SearchWords.code('b', 'r', 'a'), SearchWords.code('r', 'o', 'a'))
                .doesNotContain(SearchWords.code('a', ' ', 'c'), SearchWords.code(' ', 'z', 'e'))
                // the header's "subject: animals" and "from: carol example <carol@example.org>"
                .contains(SearchWords.headerCode(SearchWords.code('a', 'n', 'i')), SearchWords.headerCode(SearchWords.code('c', 'a', 'r')))
                .doesNotContain(SearchWords.headerCode(SearchWords.code('z', 'e', 'b')));
    }

    /**
     * V37: a header's condition is answered through the same GIN index (pg_trgm's over the header is gone), with the
     * header codes of every part of the needle, and {@code LIKE} decides; a needle whose parts are too short for a
     * trigram gets {@code LIKE} alone. The field's exact condition too.
     */
    @Test
    void theHeaderConditionsShouldUseTheCodesIndex() {
        SearchIndex.Condition condition = (SearchIndex.Condition) index.narrowing(alice.value(), SearchIndex.Part.HEADER,
                "carol@example").orElseThrow();
        assertThat(condition.params()).containsExactly(
                "%carol@example%", SearchWords.headerCodes(SearchWords.needleCodes(List.of("carol", "example"))));
        assertThat(plan(condition)).contains("ix_message_search_grams");
        assertThat(uids(condition)).containsExactly(zebra);
        assertThat(uids((SearchIndex.Condition) index.narrowing(alice.value(), SearchIndex.Part.HEADER, "zebra")
                .orElseThrow())).as("a body word is no header match").isEmpty();

        SearchIndex.Condition shortParts = (SearchIndex.Condition) index.narrowing(alice.value(), SearchIndex.Part.HEADER,
                "s1 a").orElseThrow();
        assertThat(shortParts.params()).containsExactly("%s1 a%");

        SearchIndex.SplitCondition field = (SearchIndex.SplitCondition) index.fieldNarrowing(alice.value(), "subject",
                "animals").orElseThrow();
        assertThat(plan(field.exact())).contains("ix_message_search_grams");
        assertThat(uids(field.exact())).containsExactly(zebra);
        assertThat(uids(field.candidates())).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'ix_message_search_header'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void theCodesIndexShouldKeepALongerPendingList() {
        List<String> options = jdbc.sql("SELECT unnest(reloptions) FROM pg_class WHERE relname = 'ix_message_search_grams'")
                .query(String.class).list();
        assertThat(options).as("V39").contains("gin_pending_list_limit=16384");
    }

    private String plan(SearchIndex.Condition condition) {
        List<String> plan = new TransactionTemplate(transactions).execute(status -> {
            jdbc.sql("SET LOCAL enable_seqscan = off").update();
            return jdbc.sql("EXPLAIN SELECT m.id FROM message m WHERE " + condition.sql())
                    .params(condition.params()).query(String.class).list();
        });
        return String.join("\n", plan);
    }

    private List<Long> uids(SearchIndex.Condition condition) {
        List<Object> params = new java.util.ArrayList<>(List.of(inbox.id().value()));
        params.addAll(condition.params());
        return jdbc.sql("SELECT mm.uid FROM message m JOIN mailbox_message mm ON mm.message_id = m.id"
                + " WHERE mm.mailbox_id = ? AND m.search_header IS NOT NULL AND " + condition.sql() + " ORDER BY mm.uid")
                .params(params).query(Long.class).list();
    }

    /**
     * The body's condition is answered through the codes' GIN index (sequential scans off for the EXPLAIN: on a table
     * this small the planner would rightly prefer one), with the codes of every part of the needle.
     */
    @Test
    void theBodyConditionShouldUseTheCodesIndex() {
        SearchIndex.Condition condition = (SearchIndex.Condition) index.narrowing(alice.value(), SearchIndex.Part.BODY,
                "zebra, crossed").orElseThrow();
        assertThat(condition.params()).singleElement().isEqualTo(SearchWords.needleCodes(List.of("zebra", "crossed")));
        List<String> plan = new TransactionTemplate(transactions).execute(status -> {
            jdbc.sql("SET LOCAL enable_seqscan = off").update();
            return jdbc.sql("EXPLAIN SELECT m.id FROM message m WHERE " + condition.sql())
                    .params(condition.params()).query(String.class).list();
        });
        assertThat(String.join("\n", plan)).contains("ix_message_search_grams");
        assertThat(index.narrowing(alice.value(), SearchIndex.Part.BODY, "a.b.c")).isEqualTo(Optional.empty());
        List<Object> params = new java.util.ArrayList<>(List.of(inbox.id().value()));
        params.addAll(condition.params());
        assertThat(jdbc.sql("SELECT mm.uid FROM message m JOIN mailbox_message mm ON mm.message_id = m.id"
                + " WHERE mm.mailbox_id = ? AND m.search_header IS NOT NULL AND " + condition.sql())
                .params(params).query(Long.class).list()).containsExactly(zebra);
    }
}
