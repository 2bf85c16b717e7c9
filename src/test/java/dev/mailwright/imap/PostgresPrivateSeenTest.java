package dev.mailwright.imap;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@EnabledIfEnvironmentVariable(named = "MAILWRIGHT_TEST_POSTGRES_URL", matches = ".+")
class PostgresPrivateSeenTest extends PrivateSeenContract {
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        ImapTestSupport.loopbackListener(registry, "imap");
        registry.add("spring.datasource.url", () -> System.getenv("MAILWRIGHT_TEST_POSTGRES_URL"));
        registry.add("spring.datasource.username", () -> envOr("MAILWRIGHT_TEST_POSTGRES_USER", "mailwright"));
        registry.add("spring.datasource.password", () -> envOr("MAILWRIGHT_TEST_POSTGRES_PASSWORD", "mailwright"));
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
