package dev.mailwright.web.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.mailwright.web.message.HtmlSanitizer.RemoteContent;

/** A received HTML part nested 100,000 deep renders (jsoup caps the depth) without a stack overflow. Budget 60 s. */
class HtmlSanitizerDepthTest {

    @Test
    @Timeout(60)
    void cleanShouldRenderHundredThousandDeepNesting() {
        for (String tag : new String[] {"div", "blockquote", "table", "b", "span"}) {
            String html = ("<" + tag + ">").repeat(100_000) + "deep<img src=\"https://tracker.test/x\">" + ("</" + tag + ">").repeat(100_000);
            HtmlSanitizer.Cleaned clean = HtmlSanitizer.clean(html, RemoteContent.BLOCKED, cid -> cid);
            assertThat(clean.html()).as(tag).contains("deep").doesNotContain("tracker.test");
            assertThat(clean.blockedImages()).as(tag).isEqualTo(1);
            assertThat(HtmlSanitizer.text(html)).as(tag).contains("deep");
        }
    }
}
