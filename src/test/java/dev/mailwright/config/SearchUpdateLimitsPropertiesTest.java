package dev.mailwright.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The bounds on searches kept up to date (SEARCH RETURN (UPDATE), RFC 5267): safe defaults, configurable, nonsense refused. */
class SearchUpdateLimitsPropertiesTest {

    private static MailwrightProperties.ImapLimits bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("mailwright.imap-limits",
                MailwrightProperties.ImapLimits.class);
    }

    @Test
    void defaultsShouldKeepAFewSearchesOfBoundedSize() {
        MailwrightProperties.ImapLimits limits = bind(Map.of());
        assertThat(limits.maxSearchUpdates()).isEqualTo(5);
        assertThat(limits.maxSearchUpdateResults()).isEqualTo(20_000);
    }

    @Test
    void limitsShouldBeConfigurableAndZeroRefused() {
        MailwrightProperties.ImapLimits limits = bind(Map.of("mailwright.imap-limits.max-search-updates", "1",
                "mailwright.imap-limits.max-search-update-results", "100"));
        assertThat(limits.maxSearchUpdates()).isEqualTo(1);
        assertThat(limits.maxSearchUpdateResults()).isEqualTo(100);
        for (String key : new String[] {"max-search-updates", "max-search-update-results"}) {
            assertThatThrownBy(() -> bind(Map.of("mailwright.imap-limits." + key, "0"))).as(key).isInstanceOf(BindException.class)
                    .rootCause().isInstanceOf(IllegalArgumentException.class);
        }
    }
}
