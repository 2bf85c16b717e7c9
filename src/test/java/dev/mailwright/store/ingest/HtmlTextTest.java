package dev.mailwright.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The text of an HTML part, as previews and search see it. */
class HtmlTextTest {

    @Test
    void inlineTagsShouldJoinTheirNeighboursAndBlockTagsSeparateThem() {
        assertThat(TextExtractor.collapse(TextExtractor.stripHtml("<p>Hello <B>world</b>,</p><p>see <a href=x>this</a>!</p>")))
                .isEqualTo("Hello world, see this!");
        assertThat(TextExtractor.collapse(TextExtractor.stripHtml("one<br>two<div>three</div>four")))
                .isEqualTo("one two three four");
    }

    @Test
    void tagNameShouldReadOnlyTheElementName() {
        assertThat(TextExtractor.tagName("<SPAN class=x>")).isEqualTo("span");
        assertThat(TextExtractor.tagName("</b>")).isEqualTo("b");
        assertThat(TextExtractor.tagName("<!DOCTYPE html>")).isEmpty();
    }
}
