package dev.mailwright.store.integrity;

import java.nio.file.Files;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same damage on PostgreSQL, with the DATABASE blob store (blobs in a table) to cover the other blob store too. */
@EnabledIfEnvironmentVariable(named = "MAILWRIGHT_TEST_POSTGRES_URL", matches = ".+")
class PostgresIntegrityCheckTest extends IntegrityCheckContract {
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient sql;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("mailwright-integrity-pg-").toString();
        registry.add("mailwright.data-dir", () -> dir);
        IntegrityTestSupport.quiet(registry);
        IntegrityTestSupport.postgres(registry);
        registry.add("mailwright.storage.blobs", () -> "DATABASE");
    }

    @Override
    void loseBlob(String hash) {
        sql.sql("DELETE FROM blob WHERE hash = ?").param(hash).update();
    }
}
