package dev.mailwright.web.message;

import java.util.Locale;
import java.util.function.Function;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Cleans the HTML of a mail with a jsoup {@link Safelist}: only formatting tags and harmless attributes
 * survive; no script, event handler, style, form, frame, object, base or meta. Images are kept only as
 * {@code cid:} (rewritten to the message's own part URL), {@code data:} or, when allowed, http(s).
 * The frame's CSP and sandbox are the second fence.
 */
public final class HtmlSanitizer {

    enum RemoteContent { BLOCKED, ALLOWED }

    record Cleaned(String html, int blockedImages) {
    }

    private static final Safelist SAFELIST = Safelist.relaxed()
            .addTags("center", "font", "hr", "s", "strike", "del", "ins", "small", "big", "abbr", "address", "article",
                    "section", "header", "footer", "figure", "figcaption", "mark", "tt", "var", "kbd", "samp")
            .addAttributes(":all", "align", "valign", "dir", "lang", "title")
            .addAttributes("font", "color", "size")
            .addAttributes("table", "border", "cellpadding", "cellspacing", "width")
            .addAttributes("td", "width", "height", "nowrap")
            .addAttributes("th", "width", "height", "nowrap")
            .addProtocols("img", "src", "cid", "data")
            .removeProtocols("a", "href", "ftp")
            .preserveRelativeLinks(false);

    private HtmlSanitizer() {
    }

    static Cleaned clean(String html, RemoteContent remote, Function<String, String> cidUrl) {
        Document dirty = Jsoup.parse(html);
        Document clean = new Cleaner(SAFELIST).clean(dirty);
        int blocked = 0;
        for (Element img : clean.select("img")) {
            String src = img.attr("src").strip();
            String lower = src.toLowerCase(Locale.ROOT);
            if (lower.startsWith("cid:")) {
                img.attr("src", cidUrl.apply(src.substring(4)));
            } else if (lower.startsWith("data:")) {
                if (!lower.startsWith("data:image/") || lower.startsWith("data:image/svg")) {
                    img.removeAttr("src");
                }
            } else if (lower.startsWith("http:") || lower.startsWith("https:")) {
                if (remote == RemoteContent.BLOCKED) {
                    img.removeAttr("src");
                    img.attr("alt", img.attr("alt").isEmpty() ? "[remote image blocked]" : img.attr("alt"));
                    blocked++;
                }
            } else {
                img.removeAttr("src");
            }
        }
        for (Element a : clean.select("a[href]")) {
            a.attr("target", "_blank");
            a.attr("rel", "noopener noreferrer");
        }
        return new Cleaned(clean.body().html(), blocked);
    }

    /**
     * HTML written in the webmail's editor, cleaned with the same safelist before it is sent: what a reader's
     * mail program gets carries no script, handler, style or form either. Images keep only http(s) and data.
     */
    public static String forSending(String html) {
        Document clean = new Cleaner(SAFELIST).clean(Jsoup.parse(html));
        for (Element img : clean.select("img")) {
            String src = img.attr("src").strip().toLowerCase(Locale.ROOT);
            if (!(src.startsWith("https:") || src.startsWith("http:") || src.startsWith("data:image/")) || src.startsWith("data:image/svg")) {
                img.removeAttr("src");
            }
        }
        return clean.body().html();
    }

    /** The text of an HTML body, for quoting in replies. */
    static String text(String html) {
        return Jsoup.parse(html).wholeText();
    }
}
