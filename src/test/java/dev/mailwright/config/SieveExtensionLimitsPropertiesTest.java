package dev.mailwright.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** mailwright.sieve.* of the second round of extensions (include, editheader, duplicate): defaults, overrides, nonsense refused. */
class SieveExtensionLimitsPropertiesTest {

    private static MailwrightProperties.Sieve bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("mailwright.sieve",
                MailwrightProperties.Sieve.class);
    }

    @Test
    void defaultsShouldBeSafe() {
        MailwrightProperties.Sieve sieve = bind(Map.of());
        assertThat(sieve.maxIncludeDepth()).isEqualTo(8);
        assertThat(sieve.maxIncludes()).isEqualTo(32);
        assertThat(sieve.maxHeaderEdits()).isEqualTo(64);
        assertThat(sieve.duplicatePeriod()).isEqualTo(Duration.ofDays(1));
        assertThat(sieve.maxDuplicatePeriod()).isEqualTo(Duration.ofDays(7));
        assertThat(sieve.globalScriptsDir()).isEmpty();
        assertThat(sieve.maxMatchSteps()).isEqualTo(10_000_000L);
    }

    @Test
    void limitsShouldBeConfigurableAndNonsenseRefused() {
        MailwrightProperties.Sieve sieve = bind(Map.of("mailwright.sieve.max-include-depth", "2",
                "mailwright.sieve.max-includes", "5", "mailwright.sieve.max-header-edits", "0",
                "mailwright.sieve.duplicate-period", "2h", "mailwright.sieve.max-duplicate-period", "1d",
                "mailwright.sieve.global-scripts-dir", "/etc/mailwright/sieve"));
        assertThat(sieve.maxIncludeDepth()).isEqualTo(2);
        assertThat(sieve.maxIncludes()).isEqualTo(5);
        assertThat(sieve.maxHeaderEdits()).isZero();
        assertThat(sieve.duplicatePeriod()).isEqualTo(Duration.ofHours(2));
        assertThat(sieve.maxDuplicatePeriod()).isEqualTo(Duration.ofDays(1));
        assertThat(sieve.globalScriptsDir()).isEqualTo("/etc/mailwright/sieve");
        assertThatThrownBy(() -> bind(Map.of("mailwright.sieve.max-includes", "-1")))
                .isInstanceOf(BindException.class).rootCause().isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bind(Map.of("mailwright.sieve.duplicate-period", "8d")))
                .as("a default period above the maximum").isInstanceOf(BindException.class)
                .rootCause().isInstanceOf(IllegalArgumentException.class);
    }
}
