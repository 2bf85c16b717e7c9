package dev.mailwright.store.search;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@EnabledIfEnvironmentVariable(named = SearchIndexTestSupport.POSTGRES_URL, matches = ".+")
class PostgresSearchIndexTest extends SearchIndexContract {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SearchIndexTestSupport.properties(SearchIndexTestSupport.tempDir(), true).forEach((k, v) -> registry.add(k, () -> v));
    }

    /** On PostgreSQL the index entries are the row's: they live and die with it. */
    @Override
    boolean indexHolds(long messageId) {
        return jdbc.sql("SELECT COUNT(*) FROM message WHERE id = ? AND search_body IS NOT NULL").param(messageId)
                .query(Long.class).single() > 0;
    }
}
