package dev.mailwright.store.integrity;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Wiring shared by the integrity tests: no listener, and PostgreSQL from the CI variables. */
final class IntegrityTestSupport {
    private IntegrityTestSupport() {
    }

    static void quiet(DynamicPropertyRegistry registry) {
        registry.add("mailwright.domains", () -> "example.test");
        for (String listener : new String[] {"smtp", "submission", "submissions", "imap", "imaps"}) {
            registry.add("mailwright." + listener + ".port", () -> "0");
        }
        registry.add("server.port", () -> "0");
    }

    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv("MAILWRIGHT_TEST_POSTGRES_URL"));
        registry.add("spring.datasource.username", () -> envOr("MAILWRIGHT_TEST_POSTGRES_USER", "mailwright"));
        registry.add("spring.datasource.password", () -> envOr("MAILWRIGHT_TEST_POSTGRES_PASSWORD", "mailwright"));
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
