package dev.mailwright.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** mailwright.pop3-limits.*: safe defaults, configurable, nonsense refused. */
class Pop3LimitsPropertiesTest {

    private static MailwrightProperties.Pop3Limits bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("mailwright.pop3-limits",
                MailwrightProperties.Pop3Limits.class);
    }

    @Test
    void defaultsShouldBeSafe() {
        MailwrightProperties.Pop3Limits limits = bind(Map.of());
        assertThat(limits.maxCommandLine()).isEqualTo(1000);
        assertThat(limits.maxBadCommands()).isEqualTo(10);
        assertThat(limits.idleTimeout()).as("RFC 1939 §3: at least 10 minutes").isEqualTo(Duration.ofMinutes(10));
        assertThat(limits.loginTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(limits.commandTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(limits.authTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(limits.unauthenticatedSessionTime()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aCommandLineShorterThanRfc2449AllowsShouldBeRefused() {
        assertThat(bind(Map.of("mailwright.pop3-limits.max-command-line", "255")).maxCommandLine()).isEqualTo(255);
        assertThatThrownBy(() -> bind(Map.of("mailwright.pop3-limits.max-command-line", "254")))
                .isInstanceOf(BindException.class).rootCause().isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bind(Map.of("mailwright.pop3-limits.max-bad-commands", "-1")))
                .isInstanceOf(BindException.class).rootCause().isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOctetCountCacheShouldDefaultTo100000EntriesAndRefuseANegativeSize() {
        assertThat(bind(Map.of()).octetCountCacheEntries()).isEqualTo(100_000);
        assertThat(bind(Map.of("mailwright.pop3-limits.octet-count-cache-entries", "0")).octetCountCacheEntries()).isZero();
        assertThatThrownBy(() -> bind(Map.of("mailwright.pop3-limits.octet-count-cache-entries", "-1")))
                .isInstanceOf(BindException.class).rootCause().isInstanceOf(IllegalArgumentException.class);
    }
}
