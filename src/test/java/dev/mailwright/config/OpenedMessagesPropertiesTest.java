package dev.mailwright.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The bound of the rows of messages opened lately: a safe default, configurable, 0 allowed, negatives refused. */
class OpenedMessagesPropertiesTest {

    private static MailwrightProperties.OpenedMessages bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("mailwright.opened-messages",
                MailwrightProperties.OpenedMessages.class);
    }

    @Test
    void theDefaultShouldBoundTheMemory() {
        assertThat(bind(Map.of()).maxMessages()).isEqualTo(2_000);
    }

    @Test
    void theBoundShouldBeConfigurableAndANegativeRefused() {
        assertThat(bind(Map.of("mailwright.opened-messages.max-messages", "0")).maxMessages()).isZero();
        assertThat(bind(Map.of("mailwright.opened-messages.max-messages", "50000")).maxMessages()).isEqualTo(50_000);
        assertThatThrownBy(() -> bind(Map.of("mailwright.opened-messages.max-messages", "-1")))
                .isInstanceOf(BindException.class).rootCause().isInstanceOf(IllegalArgumentException.class);
    }
}
