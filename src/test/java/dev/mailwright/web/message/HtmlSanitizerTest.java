package dev.mailwright.web.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mailwright.web.message.HtmlSanitizer.RemoteContent;

class HtmlSanitizerTest {

    static Stream<String> hostile() {
        return Stream.of(
                "<script>alert(1)</script>",
                "<SCRIPT SRC=http://evil.test/x.js></SCRIPT>",
                "<img src=x onerror=alert(1)>",
                "<body onload=alert(1)>",
                "<a href=\"javascript:alert(1)\">x</a>",
                "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
                "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
                "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
                "<svg><script>alert(1)</script></svg>",
                "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
                "<svg><set attributeName=href to=javascript:alert(1)></set></svg>",
                "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='alert(1)'/></svg>#x\"/></svg>",
                "<svg><filter><feImage href=\"http://evil.test/x\"/></filter></svg>",
                "<div style=\"background:url(http://evil.test/track)\">x</div>",
                "<style>@import 'http://evil.test/x.css';</style>",
                "<p style=\"width:expression(alert(1))\">x</p>",
                "<p style=\"w\\69 dth: expr\\65 ssion(alert(1)); position: fixed; top: 0\">x</p>",
                "<style>body { behavior: url(x.htc) } p { background: url(javascript:alert(1)) }</style>",
                "<style>@media screen { @import url(http://evil.test/y.css); } </style>",
                "<base href=\"http://evil.test/\">",
                "<meta http-equiv=\"refresh\" content=\"0;url=http://evil.test/\">",
                "<form action=\"http://evil.test/\"><input name=p type=password></form>",
                "<iframe src=\"http://evil.test/\"></iframe>",
                "<object data=\"http://evil.test/x.swf\"></object>",
                "<embed src=\"http://evil.test/x.swf\">",
                "<link rel=stylesheet href=\"http://evil.test/x.css\">",
                "<table background=\"http://evil.test/bg.png\"><tr><td>x</td></tr></table>",
                "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
                "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
                "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
                "<video poster=\"http://evil.test/p.png\"><source src=\"http://evil.test/v.mp4\"></video>",
                "<img srcset=\"http://evil.test/a.png 1x\">",
                "<a href=\"http://ok.test/\" onclick=\"alert(1)\">x</a>");
    }

    /** Checked on the parsed result: escaped text that merely mentions a payload is harmless. */
    @ParameterizedTest
    @MethodSource("hostile")
    void hostileMarkupShouldLoseEveryScriptHandlerAndRemoteReference(String html) {
        String clean = HtmlSanitizer.clean("<p>before</p>" + html + "<p>after</p>", RemoteContent.BLOCKED, cid -> "/cid/" + cid)
                .html();
        Document doc = Jsoup.parseBodyFragment(clean);
        assertThat(doc.body().text()).contains("before");
        assertThat(doc.select("script, style, svg, math, iframe, frame, form, input, base, meta, object, embed, link, video, "
                + "audio, source, noscript, template")).isEmpty();
        for (Element element : doc.getAllElements()) {
            for (Attribute attribute : element.attributes()) {
                String key = attribute.getKey().toLowerCase(Locale.ROOT);
                String value = attribute.getValue().toLowerCase(Locale.ROOT).replaceAll("\\s", "");
                assertThat(key).doesNotStartWith("on").isNotIn("style", "background", "srcset", "poster", "action", "formaction");
                if (key.equals("href") || key.equals("src")) {
                    assertThat(value).doesNotContain("evil.test").doesNotStartWith("javascript:").doesNotStartWith("data:text")
                            .doesNotStartWith("data:image/svg");
                }
            }
        }
    }

    @Test
    void remoteImagesShouldBeBlockedAndCountedUntilAllowed() {
        String html = "<img src=\"https://img.test/a.png\" alt=\"logo\"><img src=\"http://img.test/b.png\">";
        HtmlSanitizer.Cleaned blocked = HtmlSanitizer.clean(html, RemoteContent.BLOCKED, cid -> cid);
        HtmlSanitizer.Cleaned allowed = HtmlSanitizer.clean(html, RemoteContent.ALLOWED, cid -> cid);
        assertThat(blocked.blockedImages()).isEqualTo(2);
        assertThat(blocked.html()).doesNotContain("img.test").contains("alt=\"logo\"");
        assertThat(allowed.blockedImages()).isZero();
        assertThat(allowed.html()).contains("https://img.test/a.png").contains("http://img.test/b.png");
    }

    @Test
    void cidImagesShouldPointAtTheMessagesOwnPartsAndLinksOpenInANewTab() {
        String clean = HtmlSanitizer.clean("<img src=\"cid:logo@x\"><a href=\"https://ok.test/\">ok</a>", RemoteContent.BLOCKED,
                cid -> "/mail/1/2/cid/" + cid).html();
        assertThat(clean).contains("src=\"/mail/1/2/cid/logo@x\"").contains("href=\"https://ok.test/\"")
                .contains("target=\"_blank\"").contains("rel=\"noopener noreferrer\"");
    }
}
