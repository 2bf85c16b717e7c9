package dev.mailwright.web.message;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Cleans the HTML of a mail with a jsoup {@link Safelist}: only formatting tags and harmless attributes
 * survive; no script, event handler, form, frame, object, base or meta. Images are kept only as
 * {@code cid:} (rewritten to the message's own part URL), {@code data:} or, when allowed, http(s).
 * CSS stays where {@link CssFilter} allows it: {@code style} attributes and the {@code <style>} elements of the
 * whole document (head included), the latter scoped to the {@code <div class="mw-mail">} that holds the message.
 * The frame's CSP and sandbox are the second fence.
 */
public final class HtmlSanitizer {

    enum RemoteContent { BLOCKED, ALLOWED }

    /**
     * {@code styled}: whether the sender set colours or a style sheet (the frame then keeps the light page the
     * sender assumed, even in dark mode).
     */
    record Cleaned(String html, int blockedImages, boolean styled) {
    }

    /** The default for {@code mailwright.webmail.max-style-chars}. */
    static final int DEFAULT_MAX_STYLE_CHARS = 256 * 1024;

    private static final Safelist SAFELIST = Safelist.relaxed()
            .addTags("center", "font", "hr", "s", "strike", "del", "ins", "small", "big", "abbr", "address", "article",
                    "section", "header", "footer", "figure", "figcaption", "mark", "tt", "var", "kbd", "samp")
            .addAttributes(":all", "align", "valign", "dir", "lang", "title", "class")
            .addAttributes("font", "color", "size")
            .addAttributes("table", "border", "cellpadding", "cellspacing", "width", "bgcolor")
            .addAttributes("td", "width", "height", "nowrap", "bgcolor")
            .addAttributes("th", "width", "height", "nowrap", "bgcolor")
            .addAttributes("tr", "bgcolor")
            .addProtocols("img", "src", "cid", "data")
            .removeProtocols("a", "href", "ftp")
            .preserveRelativeLinks(false);

    /** Reading: the safelist plus the style attribute, which {@link CssFilter} then cuts down. */
    private static final Safelist READING = new Safelist(SAFELIST).addAttributes(":all", "style");

    private HtmlSanitizer() {
    }

    static Cleaned clean(String html, RemoteContent remote, Function<String, String> cidUrl) {
        return clean(html, remote, cidUrl, DEFAULT_MAX_STYLE_CHARS);
    }

    /**
     * {@code maxStyleChars} bounds each style attribute and all style elements together; more is dropped whole.
     */
    static Cleaned clean(String html, RemoteContent remote, Function<String, String> cidUrl, int maxStyleChars) {
        Document dirty = Jsoup.parse(html);
        StringBuilder sheet = new StringBuilder();
        for (Element style : dirty.select("style")) {
            sheet.append(style.data()).append('\n');
            if (sheet.length() > maxStyleChars) {
                break;
            }
        }
        CssFilter.Filtered sheetKept = CssFilter.stylesheet(sheet.toString(), remote, maxStyleChars);
        Element dirtyBody = dirty.body();
        Document clean = new Cleaner(READING).clean(dirty);
        int blocked = sheetKept.blockedUrls();
        boolean styled = !sheetKept.css().isEmpty();
        for (Element element : clean.select("[style]")) {
            CssFilter.Filtered kept = CssFilter.declarations(element.attr("style"), remote, maxStyleChars);
            blocked += kept.blockedUrls();
            if (kept.css().isEmpty()) {
                element.removeAttr("style");
            } else {
                element.attr("style", kept.css());
                styled = true;
            }
        }
        for (Element element : clean.select("[bgcolor], font[color]")) {
            for (String colour : new String[] {"bgcolor", "color"}) {
                if (element.hasAttr(colour) && !CssFilter.isColor(element.attr(colour))) {
                    element.removeAttr(colour);
                } else if (element.hasAttr(colour)) {
                    styled = true;
                }
            }
        }
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
        Element container = new Element("div").addClass("mw-mail");
        String bodyStyle = dirtyBody == null ? "" : bodyStyle(dirtyBody);
        CssFilter.Filtered bodyKept = CssFilter.declarations(bodyStyle, remote, maxStyleChars);
        blocked += bodyKept.blockedUrls();
        if (!bodyKept.css().isEmpty()) {
            container.attr("style", bodyKept.css());
            styled = true;
        }
        for (Node child : List.copyOf(clean.body().childNodes())) {
            container.appendChild(child);   // moved, not serialized and parsed again
        }
        String css = sheetKept.css().isEmpty() ? "" : "<style>" + sheetKept.css() + "</style>";
        return new Cleaned(css + container.outerHtml(), blocked, styled);
    }

    /** The body's legacy colour attributes and its style, as declarations for the container. */
    private static String bodyStyle(Element body) {
        StringBuilder style = new StringBuilder();
        if (CssFilter.isColor(body.attr("bgcolor"))) {
            style.append("background-color: ").append(body.attr("bgcolor").strip()).append(';');
        }
        if (CssFilter.isColor(body.attr("text"))) {
            style.append("color: ").append(body.attr("text").strip()).append(';');
        }
        return style.append(body.attr("style")).toString();
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
