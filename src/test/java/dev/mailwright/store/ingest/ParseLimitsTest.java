package dev.mailwright.store.ingest;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.MessageSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParseLimitsTest {
    private static MailwrightProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("mailwright", MailwrightProperties.class);
    }

    @Test
    void defaultsShouldBeTheDocumentedSafeValues() {
        assertThat(ParseLimits.of(bind(Map.of()).ingest())).isEqualTo(ParseLimits.DEFAULTS)
                .isEqualTo(new ParseLimits(40, 10_000, 200, 1_048_576));
    }

    @Test
    void limitsShouldBindFromMailwrightIngestProperties() {
        MailwrightProperties p = bind(Map.of("mailwright.ingest.max-nesting", "3", "mailwright.ingest.max-parts", "5",
                "mailwright.ingest.preview-length", "10", "mailwright.ingest.search-text-length", "64"));
        assertThat(ParseLimits.of(p.ingest())).isEqualTo(new ParseLimits(3, 5, 10, 64));
    }

    @Test
    void limitsOutOfRangeShouldBeRejected() {
        assertThatThrownBy(() -> new ParseLimits(0, 10, 10, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParseLimits(5, 10, -1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configuredLimitsShouldBoundNestingPartsPreviewAndSearchText() {
        Mime4jMessageParser parser = new Mime4jMessageParser(new ParseLimits(2, 4, 10, 64));
        StringBuilder sb = new StringBuilder("Subject: limits\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n");
        sb.append("--a\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n")
                .append("Content-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\n\r\ndeep\r\n--c--\r\n--b--\r\n");
        for (int i = 0; i < 6; i++) {
            sb.append("--a\r\n\r\npart ").append(i).append(" with some words\r\n");
        }
        sb.append("--a--\r\n");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
        ParsedMessage p = parser.parseStrictly(MessageSource.of(bytes));
        StructureInvariants.verify(p, bytes.length);
        MimePart second = p.root().children().getFirst();
        assertThat(second.type()).isEqualTo("multipart");
        assertThat(second.children().getFirst().type()).as("nesting beyond 2 is a single part").isEqualTo("text");
        assertThat(p.root().children()).as("4 entities: root, part 1, its child, part 2").hasSize(2);
        assertThat(p.preview()).hasSize(10);
        assertThat(p.searchText()).hasSize(64);
    }
}
