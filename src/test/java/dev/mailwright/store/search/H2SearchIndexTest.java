package dev.mailwright.store.search;

import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class H2SearchIndexTest extends SearchIndexContract {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SearchIndexTestSupport.properties(SearchIndexTestSupport.tempDir(), false).forEach((k, v) -> registry.add(k, () -> v));
    }

    /**
     * The application queues index writes ({@link QueuedSearchIndex}); until they are written every queued message is
     * a candidate, so the contract's checks of how tightly the index narrows wait for them (the queued state itself
     * is tested in {@link QueuedSearchIndexTest}).
     */
    @BeforeEach
    @Override
    void awaitIndexWrites() {
        ((QueuedSearchIndex) index).awaitIndexed();
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @org.junit.jupiter.api.Test
    void theMessagesWaitingForTheIndexShouldBeAMetric() {
        ((QueuedSearchIndex) index).awaitIndexed();
        org.assertj.core.api.Assertions.assertThat(meters.get("mailwright.search.index.queued").gauge().value()).isZero();
    }

    @Override
    boolean indexHolds(long messageId) {
        // the application queues index writes (QueuedSearchIndex): what the index itself holds once they are written
        QueuedSearchIndex queued = (QueuedSearchIndex) index;
        queued.awaitIndexed();
        return Arrays.binarySearch(queued.index().allIds(), messageId) >= 0;
    }
}
