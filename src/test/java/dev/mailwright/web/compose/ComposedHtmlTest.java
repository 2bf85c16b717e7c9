package dev.mailwright.web.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComposedHtmlTest {

    @Test
    void sanitizeShouldDropScriptsHandlersAndStylesButKeepFormatting() {
        String clean = ComposedHtml.sanitize("<p onclick=\"steal()\" style=\"color:red\"><b>bold</b> <i>it</i> <u>u</u></p>"
                + "<script>alert(1)</script><a href=\"javascript:alert(1)\">x</a><a href=\"https://example.test/\">site</a>"
                + "<img src=\"x\" onerror=\"alert(1)\"><iframe src=\"https://evil.test\"></iframe>");
        assertThat(clean).contains("<b>bold</b>", "<i>it</i>", "<u>u</u>", "href=\"https://example.test/\"")
                .doesNotContain("onclick", "style", "<script", "javascript:", "onerror", "<iframe", "alert");
    }

    @Test
    void textShouldKeepLinesListsQuotesAndLinkAddresses() {
        String text = ComposedHtml.text("<div>Hello <b>Bob</b>,</div><div><br></div><ul><li>one</li><li>two</li></ul>"
                + "<ol><li>first</li><li>second</li></ol><blockquote>quoted<br>twice</blockquote>"
                + "<p>see <a href=\"https://example.test/x\">the page</a></p>");
        assertThat(text).isEqualTo("Hello Bob,\n\n- one\n- two\n\n1. first\n2. second\n\n> quoted\n> twice\n\nsee the page <https://example.test/x>");
    }
}
