package dev.mailwright.imap;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.TestPostgres;

@EnabledIfEnvironmentVariable(named = "MAILWRIGHT_TEST_POSTGRES_URL", matches = ".+")
class PostgresPrivateSeenTest extends PrivateSeenContract {
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        ImapTestSupport.loopbackListener(registry, "imap");
        TestPostgres.register(registry);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
    }
}
