package dev.mailwright.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The bounds of the search index's write queue (issue 17): safe defaults, configurable, 0 allowed, negatives refused. */
class SearchIndexingPropertiesTest {

    private static MailwrightProperties.SearchIndexing bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("mailwright.search-indexing",
                MailwrightProperties.SearchIndexing.class);
    }

    @Test
    void defaultsShouldBoundTheQueue() {
        MailwrightProperties.SearchIndexing queue = bind(Map.of());
        assertThat(queue.queueMessages()).isEqualTo(5000);
        assertThat(queue.queueCharacters()).isEqualTo(32L << 20);
    }

    @Test
    void boundsShouldBeConfigurableAndNegativesRefused() {
        MailwrightProperties.SearchIndexing queue = bind(Map.of("mailwright.search-indexing.queue-messages", "0",
                "mailwright.search-indexing.queue-characters", "1000"));
        assertThat(queue.queueMessages()).isZero();
        assertThat(queue.queueCharacters()).isEqualTo(1000);
        for (String key : new String[] {"queue-messages", "queue-characters"}) {
            assertThatThrownBy(() -> bind(Map.of("mailwright.search-indexing." + key, "-1"))).as(key)
                    .isInstanceOf(BindException.class).rootCause().isInstanceOf(IllegalArgumentException.class);
        }
    }
}
