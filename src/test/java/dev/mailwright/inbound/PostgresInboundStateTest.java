package dev.mailwright.inbound;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@EnabledIfEnvironmentVariable(named = "MAILWRIGHT_TEST_POSTGRES_URL", matches = ".+")
class PostgresInboundStateTest extends InboundStateContract {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        common(registry);
        registry.add("spring.datasource.url", () -> System.getenv("MAILWRIGHT_TEST_POSTGRES_URL"));
        registry.add("spring.datasource.username", () -> env("MAILWRIGHT_TEST_POSTGRES_USER", "mailwright"));
        registry.add("spring.datasource.password", () -> env("MAILWRIGHT_TEST_POSTGRES_PASSWORD", "mailwright"));
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
