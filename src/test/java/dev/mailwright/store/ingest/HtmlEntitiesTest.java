package dev.mailwright.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Entity decoding of HTML text for search: references up to 10 characters, linear on hostile text. Budget 10 s. */
class HtmlEntitiesTest {

    @Test
    void decodeShouldReplaceKnownReferencesAndKeepTheRest() {
        assertThat(HtmlEntities.decode("a &amp; b &lt;x&gt; &#65;&#x42; &unknown; &amp")).isEqualTo("a & b <x> AB &unknown; &amp");
        assertThat(HtmlEntities.decode("&" + "x".repeat(20) + ";&amp;")).isEqualTo("&" + "x".repeat(20) + ";&");
    }

    @Test
    @Timeout(10)
    void decodeShouldStayLinearOnAmpersandsWithoutSemicolons() {
        String text = "&".repeat(1_000_000) + "x";
        assertThat(HtmlEntities.decode(text)).isEqualTo(text);
        assertThat(HtmlEntities.decode("&amp".repeat(250_000) + ";")).hasSize(999_997).endsWith("&amp&");
    }
}
