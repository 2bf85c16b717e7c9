package dev.mailwright.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class WebmailPropertiesTest {

    private static MailwrightProperties.Webmail bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("mailwright.webmail",
                MailwrightProperties.Webmail.class);
    }

    @Test
    void defaultsShouldBeSafe() {
        MailwrightProperties.Webmail webmail = bind(Map.of());
        assertThat(webmail.maxSearchResults()).isEqualTo(200);
        assertThat(webmail.draftAutosaveInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(webmail.maxSignatureLength()).isEqualTo(2000);
    }

    @Test
    void limitsShouldBeConfigurableAndNonsenseRefused() {
        assertThat(bind(Map.of("mailwright.webmail.max-search-results", "5", "mailwright.webmail.draft-autosave-interval", "2s"))
                .maxSearchResults()).isEqualTo(5);
        assertThatThrownBy(() -> new MailwrightProperties.Webmail(0, Duration.ofSeconds(30), 2000, 1000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailwrightProperties.Webmail(10, Duration.ZERO, 2000, 1000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailwrightProperties.Webmail(10, Duration.ofSeconds(5), 4001, 1000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(bind(Map.of()).maxSearchLength()).isEqualTo(1000);
        assertThat(bind(Map.of("mailwright.webmail.max-search-length", "20")).maxSearchLength()).isEqualTo(20);
        assertThatThrownBy(() -> new MailwrightProperties.Webmail(10, Duration.ofSeconds(5), 2000, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
