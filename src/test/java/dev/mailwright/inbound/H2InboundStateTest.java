package dev.mailwright.inbound;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class H2InboundStateTest extends InboundStateContract {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        common(registry);
    }
}
