package dev.mailwright.web.compose;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

import dev.mailwright.web.message.HtmlSanitizer;

/** The rich text editor's HTML: sanitized for sending, and its plain text alternative. */
final class ComposedHtml {
    private ComposedHtml() {
    }

    static String sanitize(String html) {
        return HtmlSanitizer.forSending(html);
    }

    /**
     * Plain text of sanitized HTML: blocks and {@code <br>} become line breaks, list items start with "- " (or
     * their number), quotes get "> ", links keep their address after the text.
     */
    static String text(String html) {
        StringBuilder out = new StringBuilder();
        walk(Jsoup.parseBodyFragment(html).body(), out, "");
        return withoutTrailingBlanks(out).replaceAll("\\n{3,}", "\n\n").strip();
    }

    /**
     * Drops spaces and tabs before each line break, in one pass: the regex {@code [ \t]+\n} would rescan a long
     * run of blanks from each of its characters (quadratic on {@code <b> </b>} repeated).
     */
    static String withoutTrailingBlanks(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        int blanks = 0;   // blanks seen but not yet written
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                blanks++;
                continue;
            }
            if (c != '\n') {
                out.append(text, i - blanks, i);
            }
            blanks = 0;
            out.append(c);
        }
        return out.append(text, text.length() - blanks, text.length()).toString();
    }

    private static void walk(Node node, StringBuilder out, String prefix) {
        for (Node child : node.childNodes()) {
            switch (child) {
                case TextNode text -> append(out, prefix, text.text());
                case Element e -> element(e, out, prefix);
                default -> {
                    // comments and data nodes carry no text
                }
            }
        }
    }

    private static void element(Element e, StringBuilder out, String prefix) {
        switch (e.normalName()) {
            case "br" -> out.append('\n');
            case "blockquote" -> {
                newline(out);
                walk(e, out, prefix + "> ");
                paragraphEnd(out);
            }
            case "li" -> {
                newline(out);
                Element list = e.parent();
                boolean numbered = list != null && "ol".equals(list.normalName());
                append(out, prefix, numbered ? (e.elementSiblingIndex() + 1) + ". " : "- ");
                walk(e, out, prefix);
            }
            case "a" -> {
                walk(e, out, prefix);
                String href = e.attr("href");
                if (!href.isBlank() && !href.equals(e.text())) {
                    append(out, prefix, " <" + href + ">");
                }
            }
            case "p", "ul", "ol", "pre", "table", "h1", "h2", "h3", "h4", "h5", "h6" -> {
                newline(out);
                walk(e, out, prefix);
                paragraphEnd(out);
            }
            case "div", "tr" -> {
                newline(out);
                walk(e, out, prefix);
                newline(out);
            }
            default -> walk(e, out, prefix);
        }
    }

    private static void newline(StringBuilder out) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    private static void paragraphEnd(StringBuilder out) {
        newline(out);
        out.append('\n');
    }

    /** Text at the start of a line gets the quote prefix. */
    private static void append(StringBuilder out, String prefix, String text) {
        if (out.isEmpty() || out.charAt(out.length() - 1) == '\n') {
            out.append(prefix);
        }
        out.append(text);
    }
}
