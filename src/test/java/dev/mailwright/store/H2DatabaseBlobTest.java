package dev.mailwright.store;

import java.nio.file.Path;

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
}
