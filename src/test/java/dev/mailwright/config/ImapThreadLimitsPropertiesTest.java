package dev.mailwright.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code mailwright.imap-limits.max-thread-depth} (THREAD=REFERENCES loop checks): safe default, configurable, 0 refused. */
class ImapThreadLimitsPropertiesTest {

    private static MailwrightProperties.ImapLimits bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("mailwright.imap-limits",
                MailwrightProperties.ImapLimits.class);
    }

    @Test
    void maxThreadDepthShouldDefaultToOneThousandBeConfigurableAndRefuseZero() {
        assertThat(bind(Map.of()).maxThreadDepth()).isEqualTo(1000);
        assertThat(bind(Map.of("mailwright.imap-limits.max-thread-depth", "50")).maxThreadDepth()).isEqualTo(50);
        assertThatThrownBy(() -> bind(Map.of("mailwright.imap-limits.max-thread-depth", "0"))).isInstanceOf(BindException.class)
                .rootCause().isInstanceOf(IllegalArgumentException.class);
    }
}
