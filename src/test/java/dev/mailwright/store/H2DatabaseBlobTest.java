package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class H2DatabaseBlobTest extends BlobVisibilityContract {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Path dataDir = StoreTestSupport.common(registry);
        registry.add("mailwright.storage.blobs", () -> "DATABASE");
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:file:" + dataDir + "/mailwright;LOCK_TIMEOUT=1000;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Override
    long storedCopies(String hash) {
        return jdbc.sql("SELECT COUNT(*) FROM blob WHERE hash = ?").param(hash).query(Long.class).single();
    }

    /** A MULTIAPPEND of large messages must not hold them all in memory until its transaction. */
    @Test
    void aMessageAboveInlineMaxShouldBeStoredWhenStagedNotHeldForTheTransaction() throws Exception {
        MessageSource small = message("small", "held until the transaction " + UUID.randomUUID());
        MessageSource large = message("large", "x".repeat(70 * 1024) + UUID.randomUUID());

        BlobStore.Staged heldBack = blobs.stage(small);
        BlobStore.Staged writtenAtOnce = blobs.stage(large);

        assertThat(storedCopies(heldBack.hash())).isZero();
        assertThat(storedCopies(writtenAtOnce.hash())).isEqualTo(1);
        store.deliver(large, List.of(alice));
        try (var in = store.openMessage(writtenAtOnce.hash())) {
            assertThat(in.readAllBytes()).isEqualTo(large.open().readAllBytes());
        }
    }

    /** A blob too large to keep after the probe is found by it all the same, and its open reads the row. */
    @Test
    void aProbeOfABlobAboveTheKeptBoundShouldFindItAndTheOpenReadIt() throws Exception {
        MessageSource huge = message("huge", "y".repeat((int) DatabaseBlobStore.PROBED_BYTES) + UUID.randomUUID());
        store.deliver(huge, List.of(alice));
        String hash = BlobStore.hashOf(huge);

        assertThat(blobs.containsBeforeOpen(hash)).isTrue();
        try (var in = blobs.open(hash)) {
            assertThat(in.readAllBytes()).isEqualTo(huge.open().readAllBytes());
        }
        assertThat(blobs.containsBeforeOpen(BlobStore.hashOf(message("never stored", UUID.randomUUID().toString()))))
                .isFalse();
    }
}
