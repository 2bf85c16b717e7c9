package dev.mailwright.web.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rich text editor's HTML turned into text with bounded work: a long run of blanks (the old {@code [ \t]+\n}
 * rescanned it from each blank) and 100,000-deep nesting (jsoup caps the tree depth; the walk recurses over it).
 * Budget 30 s and 60 s.
 */
class ComposedHtmlBoundsTest {

    @Test
    void withoutTrailingBlanksShouldDropBlanksBeforeLineBreaksOnly() {
        assertThat(ComposedHtml.withoutTrailingBlanks("a  \nb\t \n  c \t")).isEqualTo("a\nb\n  c \t");
        assertThat(ComposedHtml.withoutTrailingBlanks(" \n\n x")).isEqualTo("\n\n x");
        assertThat(ComposedHtml.withoutTrailingBlanks("")).isEmpty();
    }

    @Test
    @Timeout(30)
    void textShouldStayLinearOnHundredsOfThousandsOfBlankElements() {
        String text = ComposedHtml.text("<p>a" + "<b> </b>".repeat(200_000) + "b</p>");
        assertThat(text).startsWith("a ").endsWith(" b").hasSize(200_002);
    }

    @Test
    @Timeout(60)
    void textAndSanitizeShouldSurviveHundredThousandDeepNesting() {
        String quotes = "<blockquote>".repeat(100_000) + "deep" + "</blockquote>".repeat(100_000);
        assertThat(ComposedHtml.text(quotes)).startsWith("> > ").endsWith("deep");
        String divs = "<div>".repeat(100_000) + "deep" + "</div>".repeat(100_000);
        assertThat(ComposedHtml.sanitize(divs)).contains("deep");
        assertThat(ComposedHtml.text(divs)).isEqualTo("deep");
    }
}
