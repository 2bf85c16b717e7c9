package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The default: messages up to {@code mailwright.storage.inline-max} (64KB) in the blob table, larger ones as files. */
class H2TieredBlobTest extends BlobVisibilityContract {
    static Path dataDir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        dataDir = StoreTestSupport.common(registry);
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:file:" + dataDir + "/mailwright;LOCK_TIMEOUT=1000;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Override
    long storedCopies(String hash) throws Exception {
        return files(hash) + rows(hash);
    }

    private long files(String hash) throws Exception {
        return StoreTestSupport.blobFiles(dataDir.resolve("blobs"), hash);
    }

    private long rows(String hash) {
        return jdbc.sql("SELECT COUNT(*) FROM blob WHERE hash = ?").param(hash).query(Long.class).single();
    }

    @Test
    void smallMessagesShouldLiveInTheTableAndLargeOnesInFiles() throws Exception {
        MessageSource small = message("small", "a short note " + UUID.randomUUID());
        MessageSource large = message("large", "x".repeat(70 * 1024) + " " + UUID.randomUUID());
        MessageSource atTheLimit = exactly(64 * 1024);
        MessageSource overTheLimit = exactly(64 * 1024 + 1);
        for (MessageSource raw : List.of(small, large, atTheLimit, overTheLimit)) {
            store.deliver(raw, List.of(alice));
        }

        assertThat(rows(BlobStore.hashOf(small))).isEqualTo(1);
        assertThat(files(BlobStore.hashOf(small))).isZero();
        assertThat(rows(BlobStore.hashOf(atTheLimit))).isEqualTo(1);
        assertThat(files(BlobStore.hashOf(large))).isEqualTo(1);
        assertThat(rows(BlobStore.hashOf(large))).isZero();
        assertThat(files(BlobStore.hashOf(overTheLimit))).isEqualTo(1);
        for (MessageSource raw : List.of(small, large, atTheLimit, overTheLimit)) {
            try (var in = store.openMessage(BlobStore.hashOf(raw))) {
                assertThat(in.readAllBytes()).isEqualTo(raw.open().readAllBytes());
            }
        }
    }

    @Test
    void sweepShouldReachBothTiers() throws Exception {
        String smallOrphan = blobs.put(message("orphan", "small, never committed " + UUID.randomUUID()));
        String largeOrphan = blobs.put(message("orphan", "y".repeat(80 * 1024) + UUID.randomUUID()));
        assertThat(rows(smallOrphan)).isEqualTo(1);
        assertThat(files(largeOrphan)).isEqualTo(1);

        sweeper.sweep(Instant.now().plus(1, ChronoUnit.MINUTES));

        assertThat(storedCopies(smallOrphan)).isZero();
        assertThat(storedCopies(largeOrphan)).isZero();
    }

    @Test
    void aProbeBeforeOpenShouldLetTheOpenSkipTheSecondRead() throws Exception {
        MessageSource raw = message("probed", "probed, then opened " + UUID.randomUUID());
        store.deliver(raw, List.of(alice));
        String hash = BlobStore.hashOf(raw);

        assertThat(blobs.containsBeforeOpen(hash)).isTrue();
        jdbc.sql("DELETE FROM blob WHERE hash = ?").param(hash).update();   // a second read would now find nothing

        try (var in = blobs.open(hash)) {
            assertThat(in.readAllBytes()).isEqualTo(raw.open().readAllBytes());
        }
        assertThat(blobs.containsBeforeOpen(BlobStore.hashOf(message("never stored", UUID.randomUUID().toString()))))
                .isFalse();
    }

    @Test
    void recentlyReadBlobsShouldStayWithinTheirByteBound() {
        DatabaseBlobStore.RecentlyRead kept = new DatabaseBlobStore.RecentlyRead(100);
        kept.keep("a", new byte[40]);
        kept.keep("b", new byte[40]);
        kept.get("a");                    // a is now the most recently used
        kept.keep("c", new byte[40]);     // 120 > 100: the least recently used (b) goes
        kept.keep("huge", new byte[101]); // never kept

        assertThat(kept.get("a")).isNotNull();
        assertThat(kept.get("b")).isNull();
        assertThat(kept.get("c")).isNotNull();
        assertThat(kept.get("huge")).isNull();
    }

    private static MessageSource exactly(int size) {
        String head = "From: a@example.test\r\nSubject: limit " + UUID.randomUUID() + "\r\n\r\n";
        return MessageSource.of((head + "z".repeat(size - head.length())).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
