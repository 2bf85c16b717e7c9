package dev.mailwright.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The IMAP limits that bound LIST pattern matching and SEARCH strings: safe defaults, configurable, nonsense refused. */
class ImapWorkLimitsPropertiesTest {

    private static MailwrightProperties.ImapLimits bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("mailwright.imap-limits",
                MailwrightProperties.ImapLimits.class);
    }

    @Test
    void defaultsShouldBeSafe() {
        MailwrightProperties.ImapLimits limits = bind(Map.of());
        assertThat(limits.maxListPatternLength()).isEqualTo(2048);
        assertThat(limits.maxListWildcards()).isEqualTo(64);
        assertThat(limits.maxSearchStringLength()).isEqualTo(1000);
    }

    @Test
    void limitsShouldBeConfigurableAndNonsenseRefused() {
        MailwrightProperties.ImapLimits limits = bind(Map.of("mailwright.imap-limits.max-list-pattern-length", "300",
                "mailwright.imap-limits.max-list-wildcards", "4", "mailwright.imap-limits.max-search-string-length", "50"));
        assertThat(limits.maxListPatternLength()).isEqualTo(300);
        assertThat(limits.maxListWildcards()).isEqualTo(4);
        assertThat(limits.maxSearchStringLength()).isEqualTo(50);
        for (String key : new String[] {"max-list-pattern-length", "max-list-wildcards", "max-search-string-length"}) {
            assertThatThrownBy(() -> bind(Map.of("mailwright.imap-limits." + key, "0"))).as(key).isInstanceOf(BindException.class)
                    .rootCause().isInstanceOf(IllegalArgumentException.class);
        }
    }
}
