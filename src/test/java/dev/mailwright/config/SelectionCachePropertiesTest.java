package dev.mailwright.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The bounds of SELECT's kept passes: safe defaults, configurable, 0 allowed, negatives refused. */
class SelectionCachePropertiesTest {

    private static MailwrightProperties.SelectionCache bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("mailwright.selection-cache",
                MailwrightProperties.SelectionCache.class);
    }

    @Test
    void defaultsShouldBoundTheMemory() {
        MailwrightProperties.SelectionCache cache = bind(Map.of());
        assertThat(cache.maxUids()).isEqualTo(2_000_000);
        assertThat(cache.minMessages()).isEqualTo(1_000);
    }

    @Test
    void boundsShouldBeConfigurableAndNegativesRefused() {
        MailwrightProperties.SelectionCache cache = bind(Map.of("mailwright.selection-cache.max-uids", "0",
                "mailwright.selection-cache.min-messages", "50"));
        assertThat(cache.maxUids()).isZero();
        assertThat(cache.minMessages()).isEqualTo(50);
        for (String key : new String[] {"max-uids", "min-messages"}) {
            assertThatThrownBy(() -> bind(Map.of("mailwright.selection-cache." + key, "-1"))).as(key)
                    .isInstanceOf(BindException.class).rootCause().isInstanceOf(IllegalArgumentException.class);
        }
    }
}
