package dev.mailwright.store;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@EnabledIfEnvironmentVariable(named = StoreTestSupport.POSTGRES_URL, matches = ".+")
class PostgresDatabaseBlobTest extends BlobVisibilityContract {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        StoreTestSupport.postgres(registry);
        registry.add("mailwright.storage.blobs", () -> "DATABASE");
        registry.add("spring.datasource.hikari.connection-init-sql", () -> "SET lock_timeout = '1000ms'");
    }

    @Override
    long storedCopies(String hash) {
        return jdbc.sql("SELECT COUNT(*) FROM blob WHERE hash = ?").param(hash).query(Long.class).single();
    }
}
