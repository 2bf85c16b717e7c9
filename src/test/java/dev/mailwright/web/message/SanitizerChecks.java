package dev.mailwright.web.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import dev.mailwright.web.message.HtmlSanitizer.RemoteContent;

/**
 * The properties the HTML fuzz target ({@code dev.mailwright.fuzz.HtmlSanitizerFuzzTest}) checks on arbitrary
 * HTML, here because the reading view's sanitizer is package-private. Each output is parsed again with jsoup, as a
 * browser would parse it, and must hold no script-capable construct.
 */
public final class SanitizerChecks {
    /** What the message view rewrites a {@code cid:} image to (MessageReader: the message's own part URL). */
    private static final String CID_BASE = "/mail/1/2/cid/";
    private static final Set<String> FORBIDDEN_ELEMENTS = Set.of("script", "iframe", "frame", "frameset",
            "object", "embed", "applet", "form", "input", "button", "textarea", "select", "option", "base", "meta",
            "link", "svg", "math", "template", "noscript", "xmp", "plaintext", "noembed", "noframes", "title",
            "isindex", "marquee", "audio", "video", "source", "track", "portal", "dialog", "slot", "param");
    private static final Set<String> FORBIDDEN_ATTRIBUTES = Set.of("srcdoc", "srcset", "formaction", "action",
            "background", "poster", "dynsrc", "lowsrc", "xlink:href", "data", "codebase", "classid", "http-equiv",
            "ping", "is", "autofocus", "contenteditable", "form", "id", "name");
    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "cite", "longdesc", "usemap");

    private SanitizerChecks() {
    }

    /** The hostile markup of the sanitizer's own test, as seeds. */
    public static Stream<byte[]> hostileSeeds() {
        return HtmlSanitizerTest.hostile().map(html -> html.getBytes(StandardCharsets.UTF_8));
    }

    /** Fails with an AssertionError (or the unexpected exception) when one of the properties does not hold. */
    public static void check(String html) {
        for (RemoteContent remote : RemoteContent.values()) {
            HtmlSanitizer.Cleaned cleaned = HtmlSanitizer.clean(html, remote, cid -> CID_BASE + cid);
            assertThat(cleaned.blockedImages()).isNotNegative();
            Document doc = Jsoup.parseBodyFragment(cleaned.html());
            assertNoScript(doc, cleaned.html());
            // CSS survives only through CssFilter: no escape, expression or script scheme, remote url() only if allowed
            for (Element style : doc.select("style")) {
                assertCss(style.data(), remote, html);
            }
            for (Element styled : doc.select("[style]")) {
                assertCss(styled.attr("style"), remote, html);
            }
            for (Element img : doc.select("img[src]")) {
                String src = img.attr("src");
                boolean remoteImage = lower(src).startsWith("http:") || lower(src).startsWith("https:");
                assertThat(src.startsWith(CID_BASE) || isRasterData(src) || remote == RemoteContent.ALLOWED && remoteImage)
                        .as("img src %s with remote content %s", src, remote).isTrue();
            }
            for (Element a : doc.select("a[href]")) {
                assertThat(a.attr("target")).isEqualTo("_blank");
                assertThat(a.attr("rel")).isEqualTo("noopener noreferrer");
            }
        }
        String forSending = HtmlSanitizer.forSending(html);
        assertNoScript(Jsoup.parseBodyFragment(forSending), forSending);
        assertThat(HtmlSanitizer.text(html)).isNotNull();
    }

    private static void assertCss(String css, RemoteContent remote, String html) {
        CssFilterTest.assertHarmless(css);
        String lower = lower(css);
        if (remote == RemoteContent.BLOCKED) {
            assertThat(lower).as("CSS of %s", html).doesNotContain("url(");
        } else {
            assertThat(lower.replace("url(\"https://", "").replace("url(\"http://", "")).as("CSS of %s", html).doesNotContain("url(");
        }
    }

    private static void assertNoScript(Document doc, String html) {
        for (Element element : doc.body().getAllElements()) {
            assertThat(element.normalName()).as("element in %s", html).isNotIn(FORBIDDEN_ELEMENTS);
            for (Attribute attribute : element.attributes()) {
                String key = lower(attribute.getKey());
                assertThat(key).as("attribute in %s", html).doesNotStartWith("on").isNotIn(FORBIDDEN_ATTRIBUTES);
                if (URL_ATTRIBUTES.contains(key)) {
                    // browsers ignore controls and whitespace inside a scheme: "java\tscript:" is javascript:
                    String scheme = lower(attribute.getValue()).replaceAll("[\\x00-\\x20\\x7f]", "");
                    assertThat(scheme).as("%s in %s", key, html).doesNotStartWith("javascript:")
                            .doesNotStartWith("vbscript:").doesNotStartWith("livescript:");
                    if (scheme.startsWith("data:")) {
                        assertThat(element.normalName().equals("img") && key.equals("src") && isRasterData(attribute.getValue()))
                                .as("data URL in %s", html).isTrue();
                    }
                }
            }
        }
    }

    private static boolean isRasterData(String url) {
        String lower = lower(url).strip();
        return lower.startsWith("data:image/") && !lower.startsWith("data:image/svg");
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
