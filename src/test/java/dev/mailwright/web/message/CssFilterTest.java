package dev.mailwright.web.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.mailwright.web.message.HtmlSanitizer.RemoteContent;

/**
 * The CSS filter against hostile style attributes and style sheets. The size tests are bounded in time: a few
 * megabytes of crafted CSS must be filtered (or dropped) in well under the 10 s each test allows.
 */
class CssFilterTest {
    private static final int LIMIT = HtmlSanitizer.DEFAULT_MAX_STYLE_CHARS;

    static Stream<String> hostileDeclarations() {
        return Stream.of(
                "width: expression(alert(1))",
                "width: EXPRESSION(alert(1))",
                "width: expr\\65 ssion(alert(1))",
                "w\\69 dth: 1px; x: expression(alert(1))",
                "background: url(javascript:alert(1))",
                "background: url('javascript:alert(1)')",
                "background-image: url(\"vbscript:x\")",
                "background: url(data:image/svg+xml;base64,PHN2Zz4=)",
                "background: url(https://evil.test/track.png)",
                "list-style-image: url(//evil.test/x.png)",
                "behavior: url(x.htc)",
                "-moz-binding: url(http://evil.test/x.xml#x)",
                "position: fixed",
                "position: absolute",
                "position: sticky",
                "position: FIXED !important",
                "z-index: 99999",
                "top: 0",
                "content: '<script>'",
                "font-family: '</style><script>alert(1)</script>'",
                "color: var(--x)",
                "background-image: image-set('https://evil.test/a.png' 1x)",
                "color: red; } body { background: red",
                "\\62 ackground: url(https://evil.test/x)",
                "back\\ground: red",
                "background\u0000: red",
                "color: re\u0000d",
                "font-family: \"a\\\"b\"",
                "width: 1px !ie",
                "cursor: url(https://evil.test/c.cur), auto",
                "background: ur\\l(https://evil.test/x)",
                "background: u/**/rl(https://evil.test/x)");
    }

    @ParameterizedTest
    @MethodSource("hostileDeclarations")
    void hostileDeclarationsShouldLeaveNothingDangerous(String style) {
        CssFilter.Filtered kept = CssFilter.declarations(style, RemoteContent.BLOCKED, LIMIT);
        assertHarmless(kept.css());
        assertThat(kept.css()).doesNotContain("url(").doesNotContain("fixed").doesNotContain("absolute")
                .doesNotContain("z-index").doesNotContain("top:");
    }

    @Test
    void safeDeclarationsShouldBeKept() {
        String kept = CssFilter.declarations("color: #1a2B3c; background-color: rgb(250, 240, 200); font-family: 'Noto Sans KR', Arial, "
                + "sans-serif; font-size: 14px; padding: 0 1em; border: 1px solid #ccc; position: relative; "
                + "width: 100% !important; mso-line-height-rule: exactly; text-align: center", RemoteContent.BLOCKED, LIMIT).css();
        assertThat(kept).isEqualTo("color: #1a2B3c; background-color: rgb(250, 240, 200); font-family: 'Noto Sans KR', Arial, "
                + "sans-serif; font-size: 14px; padding: 0 1em; border: 1px solid #ccc; position: relative; "
                + "width: 100% !important; text-align: center");
    }

    @Test
    void oneBadDeclarationShouldNotTakeTheOthersWithIt() {
        String kept = CssFilter.declarations("color: red; width: expression(alert(1)); background-color: #fff",
                RemoteContent.BLOCKED, LIMIT).css();
        assertThat(kept).isEqualTo("color: red; background-color: #fff");
    }

    @Test
    void aScriptWordShouldDropItsDeclarationEvenAsABareNameOrAFontName() {
        // found by HtmlSanitizerFuzzTest: <p style="width:exPression"(alert(1))">
        String kept = CssFilter.declarations("color: red; width:exPression; font-family: 'JavaScript Sans', serif; "
                + "-moz-binding: none; behavior: normal; background-color: #fff", RemoteContent.BLOCKED, LIMIT).css();
        assertThat(kept).isEqualTo("color: red; background-color: #fff");
        assertHarmless(kept);
    }

    @Test
    void remoteUrlsShouldBeCountedWhileBlockedAndKeptWhenAllowed() {
        String style = "background: #fff url(https://img.test/bg.png) no-repeat; color: blue";
        CssFilter.Filtered blocked = CssFilter.declarations(style, RemoteContent.BLOCKED, LIMIT);
        assertThat(blocked.css()).isEqualTo("color: blue");
        assertThat(blocked.blockedUrls()).isEqualTo(1);
        CssFilter.Filtered allowed = CssFilter.declarations(style, RemoteContent.ALLOWED, LIMIT);
        assertThat(allowed.css()).isEqualTo("background: #fff url(\"https://img.test/bg.png\") no-repeat; color: blue");
        assertThat(allowed.blockedUrls()).isZero();
        assertThat(CssFilter.declarations("color: url(https://img.test/x.png)", RemoteContent.ALLOWED, LIMIT).css())
                .as("url() only in image properties").isEmpty();
        assertThat(CssFilter.declarations("background: url(http://evil.tebindingst/track); color: blue", RemoteContent.ALLOWED,
                LIMIT).css()).as("a url naming a never-kept word goes with its declaration").isEqualTo("color: blue");
    }

    @Test
    void styleSheetsShouldBeScopedToTheMessageAndLoseEveryAtRuleButMedia() {
        String css = """
                @import url(https://evil.test/x.css);
                @charset "utf-8";
                @font-face { font-family: x; src: url(https://evil.test/f.woff) }
                @namespace svg url(http://www.w3.org/2000/svg);
                body { background-color: #f4f1ea; color: #222 }
                html body .card, td.title > a:hover { color: #c00; position: fixed }
                p { font-size: 15px }
                * { margin: 0 }
                @media only screen and (max-width: 600px) { .card { width: 100% !important } @import url(x.css); }
                @supports (display: grid) { p { color: red } }
                @keyframes spin { from { opacity: 0 } to { opacity: 1 } }
                a { color: red; } } .x { color: blue }
                """;
        String kept = CssFilter.stylesheet(css, RemoteContent.BLOCKED, LIMIT).css();
        assertThat(kept).isEqualTo("""
                .mw-mail { background-color: #f4f1ea; color: #222 }
                .mw-mail .card, .mw-mail td.title > a:hover { color: #c00 }
                .mw-mail p { font-size: 15px }
                .mw-mail * { margin: 0 }
                @media only screen and (max-width: 600px) {.mw-mail .card { width: 100% !important }
                }
                .mw-mail a { color: red }
                .mw-mail .x { color: blue }
                """);
    }

    @Test
    void hostileStyleSheetsShouldLeaveNothingDangerous() {
        String[] sheets = {
                "@import 'https://evil.test/x.css'; p { color: red }",
                "@IMPORT url(https://evil.test/x.css); p { color: red }",
                "@\\69mport url(https://evil.test/x.css); p { color: red }",
                "p { background: url(javascript:alert(1)) }",
                "p { width: expression(alert(1)) }",
                "p { -moz-binding: url(https://evil.test/x.xml) }",
                "p { behavior: url(x.htc) }",
                "</style><script>alert(1)</script><style>",
                "p\\{ } body { color: red }",
                "@media screen { @media print { p { color: red } } }",
                "@media screen and (max-width:600px){p{color:red}}} body { position: fixed; color: red }",
                "p { color: red; ",
                "p { font-family: \"</style>\" }",
                "p:after { content: url(https://evil.test/x) }",
                "@media url(https://evil.test/x) { p { color: red } }",
                "p {} } } } { { { p { color: red }",
                "div { background: url( https://evil.test/x ) }",
                "p, { color: red }",
                "<!-- p { color: red } -->"};
        for (String sheet : sheets) {
            CssFilter.Filtered kept = CssFilter.stylesheet(sheet, RemoteContent.BLOCKED, LIMIT);
            assertHarmless(kept.css());
            assertThat(kept.css()).as(sheet).doesNotContain("@import").doesNotContain("fixed").doesNotContain("url(");
            for (String line : kept.css().split("\n")) {
                String rule = line.strip();
                assertThat(rule.isEmpty() || rule.equals("}") || rule.startsWith(".mw-mail") || rule.startsWith("@media "))
                        .as("rule %s of %s", rule, sheet).isTrue();
            }
        }
    }

    @Test
    void everySelectorOfAListShouldBeScopedAndUnsafeListsDropped() {
        assertThat(CssFilter.scopedSelectors("h1, body, html > body.wide, :root")).isEqualTo(".mw-mail h1, .mw-mail, .mw-mail.wide, .mw-mail");
        assertThat(CssFilter.scopedSelectors("p\\,body")).isEmpty();
        assertThat(CssFilter.scopedSelectors("p; body")).isEmpty();
        assertThat(CssFilter.scopedSelectors("p, ")).isEmpty();
        assertThat(CssFilter.scopedSelectors("bodyx p")).isEqualTo(".mw-mail bodyx p");
    }

    @Test
    @Timeout(10)
    void hugeInputsShouldBeRefusedOrFilteredInLinearTime() {
        String over = "p { color: red }".repeat(LIMIT / 16 + 1);
        assertThat(CssFilter.stylesheet(over, RemoteContent.BLOCKED, LIMIT).css()).as("over the limit: dropped whole").isEmpty();
        assertThat(CssFilter.declarations("color: red;".repeat(LIMIT), RemoteContent.BLOCKED, LIMIT).css()).isEmpty();

        int big = 4 * 1024 * 1024;
        String[] adversarial = {
                "{".repeat(big), "}".repeat(big), "(".repeat(big), "/*".repeat(big / 2), "'".repeat(big), "@".repeat(big),
                "p{" + "color:red;".repeat(big / 10) + "}", "a,".repeat(big / 2) + "{color:red}",
                "@media " + "(".repeat(big) + "{", "p{background:" + "url(".repeat(big / 4) + "}",
                "p{color:" + "rgb(".repeat(big / 4) + "}", "p{font-family:" + "\"a\" ".repeat(big / 4) + "}"};
        for (String css : adversarial) {
            long start = System.nanoTime();
            String kept = CssFilter.stylesheet(css, RemoteContent.BLOCKED, big * 2).css();
            CssFilter.declarations(css, RemoteContent.BLOCKED, big * 2);
            assertHarmless(kept);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(css.substring(0, 20)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void theSanitizerShouldKeepTheSendersColoursAndScopeItsStyleSheet() {
        String html = "<html><head><style>body { background: #fdf6e3 } .note { color: #b58900 }</style></head>"
                + "<body bgcolor=\"#fdf6e3\" text=\"#333\" onload=\"alert(1)\"><p class=\"note\" style=\"font-weight: bold; "
                + "background: url(https://img.test/x.png); position: fixed\">hello</p>"
                + "<table bgcolor=\"javascript:alert(1)\"><tr><td bgcolor=\"#eee\">x</td></tr></table></body></html>";
        HtmlSanitizer.Cleaned cleaned = HtmlSanitizer.clean(html, RemoteContent.BLOCKED, cid -> cid);
        Document doc = Jsoup.parseBodyFragment(cleaned.html());
        assertThat(cleaned.styled()).isTrue();
        assertThat(cleaned.blockedImages()).isEqualTo(1);
        assertThat(doc.select("style").html()).contains(".mw-mail { background: #fdf6e3 }").contains(".mw-mail .note { color: #b58900 }");
        assertThat(doc.selectFirst("div.mw-mail").attr("style")).isEqualTo("background-color: #fdf6e3; color: #333");
        assertThat(doc.selectFirst("p.note").attr("style")).isEqualTo("font-weight: bold");
        assertThat(doc.selectFirst("table").hasAttr("bgcolor")).isFalse();
        assertThat(doc.selectFirst("td").attr("bgcolor")).isEqualTo("#eee");
        assertThat(HtmlSanitizer.clean("<p>plain</p>", RemoteContent.BLOCKED, cid -> cid).styled()).isFalse();
    }

    @Test
    void theStyleLimitShouldBeHonoured() {
        String html = "<style>p { color: red }</style><p style=\"color: blue\">x</p>";
        assertThat(HtmlSanitizer.clean(html, RemoteContent.BLOCKED, cid -> cid, 1000).html()).contains("color: red").contains("color: blue");
        String limited = HtmlSanitizer.clean(html, RemoteContent.BLOCKED, cid -> cid, 10).html();
        assertThat(limited).doesNotContain("color: red").doesNotContain("color: blue").contains(">x</p>");
    }

    /** What a browser could act on: an escape, a markup break-out, a script scheme or an IE expression. */
    static void assertHarmless(String css) {
        String lower = css.toLowerCase(Locale.ROOT);
        assertThat(lower).doesNotContain("\\").doesNotContain("<").doesNotContain("expression").doesNotContain("javascript")
                .doesNotContain("vbscript").doesNotContain("behavior").doesNotContain("binding").doesNotContain("@import")
                .doesNotContain("@font-face").doesNotContain("\u0000");
        int control = -1;
        for (int i = 0; i < css.length() && control < 0; i++) {
            char c = css.charAt(i);
            control = c >= 0x20 || c == '\n' ? -1 : i;
        }
        assertThat(control).as("index of a control character").isEqualTo(-1);
    }
}
