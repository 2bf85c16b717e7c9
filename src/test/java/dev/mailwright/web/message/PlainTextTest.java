package dev.mailwright.web.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void textShouldBeEscapedAndHttpLinksMadeClickable() {
        String html = PlainText.toHtml("<b>hi</b> see https://example.test/a?b=1&c=2. or javascript:alert(1)");
        assertThat(html).startsWith("&lt;b&gt;hi&lt;/b&gt; see <a href=\"https://example.test/a?b=1&amp;c=2\"")
                .contains("rel=\"noopener noreferrer\"").endsWith("</a>. or javascript:alert(1)")
                .doesNotContain("<b>");
    }
}
