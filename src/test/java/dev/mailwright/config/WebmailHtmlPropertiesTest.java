package dev.mailwright.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class WebmailHtmlPropertiesTest {

    private static MailwrightProperties.WebmailHtml bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("mailwright.webmail-html",
                MailwrightProperties.WebmailHtml.class);
    }

    @Test
    void defaultsShouldBeSafe() {
        MailwrightProperties.WebmailHtml html = bind(Map.of());
        assertThat(html.maxStyleChars()).isEqualTo(256 * 1024);
        assertThat(html.maxTrustedSenders()).isEqualTo(500);
        assertThat(html.maxKeptAttachments()).isEqualTo(DataSize.ofMegabytes(50));
        assertThat(html.keptAttachmentsLifetime()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void limitsShouldBeConfigurableAndNonsenseRefused() {
        MailwrightProperties.WebmailHtml html = bind(Map.of("mailwright.webmail-html.max-style-chars", "1000",
                "mailwright.webmail-html.max-trusted-senders", "3", "mailwright.webmail-html.max-kept-attachments", "1MB",
                "mailwright.webmail-html.kept-attachments-lifetime", "10m"));
        assertThat(html.maxStyleChars()).isEqualTo(1000);
        assertThat(html.maxTrustedSenders()).isEqualTo(3);
        assertThat(html.maxKeptAttachments()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(html.keptAttachmentsLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> new MailwrightProperties.WebmailHtml(-1, 1, DataSize.ofBytes(1), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailwrightProperties.WebmailHtml(1, -1, DataSize.ofBytes(1), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailwrightProperties.WebmailHtml(1, 1, DataSize.ofBytes(-1), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailwrightProperties.WebmailHtml(1, 1, DataSize.ofBytes(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
