package dev.mailwright.store;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@EnabledIfEnvironmentVariable(named = StoreTestSupport.POSTGRES_URL, matches = ".+")
class PostgresOpenedMessagesTest extends OpenedMessagesContract {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        StoreTestSupport.postgres(registry);
    }
}
