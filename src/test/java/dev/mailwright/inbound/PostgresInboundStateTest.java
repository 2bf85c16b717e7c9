package dev.mailwright.inbound;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.TestPostgres;

@EnabledIfEnvironmentVariable(named = "MAILWRIGHT_TEST_POSTGRES_URL", matches = ".+")
class PostgresInboundStateTest extends InboundStateContract {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        common(registry);
        TestPostgres.register(registry);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
    }
}
