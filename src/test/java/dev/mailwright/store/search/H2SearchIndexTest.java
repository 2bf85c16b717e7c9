package dev.mailwright.store.search;

import java.util.Arrays;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class H2SearchIndexTest extends SearchIndexContract {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SearchIndexTestSupport.properties(SearchIndexTestSupport.tempDir(), false).forEach((k, v) -> registry.add(k, () -> v));
    }

    @Override
    boolean indexHolds(long messageId) {
        return Arrays.binarySearch(((LuceneSearchIndex) index).allIds(), messageId) >= 0;
    }
}
