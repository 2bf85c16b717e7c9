package dev.mailwright.store.integrity;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.mailwright.store.TestPostgres;

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
        TestPostgres.register(registry);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "8");
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
    }
}
