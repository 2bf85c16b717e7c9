package dev.mailwright.store;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class H2OpenedMessagesTest extends OpenedMessagesContract {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        StoreTestSupport.h2(registry);
    }
}
