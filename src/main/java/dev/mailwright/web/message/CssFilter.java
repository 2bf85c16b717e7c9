package dev.mailwright.web.message;

import java.util.Locale;
import java.util.Set;

import dev.mailwright.web.message.HtmlSanitizer.RemoteContent;

/**
 * Keeps the harmless part of a mail's CSS: inline {@code style} attributes and {@code <style>} elements.
 * Everything is a single forward scan with explicit bounds (no regular expressions, no backtracking, nesting at most
 * one {@code @media} deep), and nothing passes that is not on a list:
 * <ul>
 *   <li>properties from {@link #PROPERTIES} only; {@code position} only {@code static} or {@code relative}
 *       (nothing fixed or absolute that could cover the page around the message);</li>
 *   <li>values made of identifiers, numbers with units, hex colours, commas and slashes, the colour functions
 *       {@code rgb()/rgba()/hsl()/hsla()} and quoted font names; no other function ({@code expression()},
 *       {@code var()}, {@code image-set()}…), no backslash escape anywhere (so {@code \65xpression} or an escaped
 *       property name never reaches a browser), no {@code <}, no control character;</li>
 *   <li>{@code url()} only http(s), only in background and list-style images, and only when remote content is
 *       allowed; a blocked one is counted like a blocked image;</li>
 *   <li>in style sheets: every at-rule but {@code @media} is dropped ({@code @import}, {@code @font-face},
 *       {@code @namespace}…), and every selector is put under the message container {@link #SCOPE}
 *       ({@code body} and {@code html} become the container itself), so no rule reaches outside the mail.</li>
 * </ul>
 * Input over the size limit is dropped whole rather than cut, so a cut can never change what a rule means.
 */
final class CssFilter {
    /** The element that holds the message in the frame; style sheet selectors are scoped to it. */
    static final String SCOPE = ".mw-mail";

    private static final Set<String> PROPERTIES = Set.of(
            "color", "background", "background-color", "background-image", "background-repeat", "background-position",
            "background-size", "border", "border-top", "border-right", "border-bottom", "border-left", "border-color",
            "border-style", "border-width", "border-top-color", "border-right-color", "border-bottom-color",
            "border-left-color", "border-top-style", "border-right-style", "border-bottom-style", "border-left-style",
            "border-top-width", "border-right-width", "border-bottom-width", "border-left-width", "border-radius",
            "border-top-left-radius", "border-top-right-radius", "border-bottom-left-radius",
            "border-bottom-right-radius", "border-collapse", "border-spacing", "margin", "margin-top", "margin-right",
            "margin-bottom", "margin-left", "padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
            "width", "height", "min-width", "max-width", "min-height", "max-height", "font", "font-family", "font-size",
            "font-style", "font-weight", "font-variant", "line-height", "letter-spacing", "word-spacing", "text-align",
            "text-decoration", "text-indent", "text-transform", "text-shadow", "box-shadow", "vertical-align",
            "white-space", "word-break", "word-wrap", "overflow-wrap", "list-style", "list-style-type",
            "list-style-position", "list-style-image", "display", "visibility", "float", "clear", "table-layout",
            "caption-side", "empty-cells", "opacity", "overflow", "overflow-x", "overflow-y", "position", "box-sizing",
            "direction");
    private static final Set<String> URL_PROPERTIES = Set.of("background", "background-image", "list-style", "list-style-image");
    private static final Set<String> STRING_PROPERTIES = Set.of("font", "font-family");
    private static final Set<String> FUNCTIONS = Set.of("rgb", "rgba", "hsl", "hsla");
    private static final Set<String> POSITIONS = Set.of("static", "relative");
    /**
     * Words a value never keeps, even as a bare name or inside a font name, though only old engines acted on them
     * with more around them ({@code expression(…)}, {@code behavior: url(…)}, {@code -moz-binding}): a declaration
     * that holds one is dropped whole. Found by the HTML sanitizer fuzz target ({@code width:exPression}).
     */
    private static final java.util.List<String> NEVER_KEPT = java.util.List.of("expression", "javascript", "vbscript",
            "behavior", "binding");
    /** Longest {@code @media} condition kept; longer ones drop the block. */
    private static final int MAX_MEDIA_QUERY = 200;

    /** The kept CSS and how many remote {@code url()}s were dropped because remote content is blocked. */
    record Filtered(String css, int blockedUrls) {
    }

    private final RemoteContent remote;
    private int blockedUrls;

    private CssFilter(RemoteContent remote) {
        this.remote = remote;
    }

    /** The declarations of one {@code style} attribute that may stay, joined by {@code ;}. */
    static Filtered declarations(String style, RemoteContent remote, int maxChars) {
        if (style.length() > maxChars) {
            return new Filtered("", 0);
        }
        CssFilter filter = new CssFilter(remote);
        String kept = filter.declarationBlock(withoutComments(style));
        return new Filtered(kept, filter.blockedUrls);
    }

    /** The rules of a style sheet that may stay, each selector scoped to {@link #SCOPE}. */
    static Filtered stylesheet(String css, RemoteContent remote, int maxChars) {
        if (css.length() > maxChars) {
            return new Filtered("", 0);
        }
        CssFilter filter = new CssFilter(remote);
        StringBuilder out = new StringBuilder();
        filter.rules(withoutComments(css), true, out);
        return new Filtered(out.toString(), filter.blockedUrls);
    }

    /** Whether a legacy colour attribute ({@code bgcolor}, {@code text}) is a plain colour, as CSS would take it. */
    static boolean isColor(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.length() > 32) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c == '#' && i == 0 || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    // ---- style sheets ----------------------------------------------------------------------------------------

    /** One pass over a list of rules; {@code @media} (only at the top) recurses once with {@code topLevel} false. */
    private void rules(String css, boolean topLevel, StringBuilder out) {
        int n = css.length();
        int i = 0;
        while (i < n) {
            char c = css.charAt(i);
            if (isSpace(c) || c == ';' || c == '}') {
                i++;
            } else if (css.startsWith("<!--", i)) {
                i += 4;
            } else if (css.startsWith("-->", i)) {
                i += 3;
            } else if (c == '@') {
                int nameEnd = i + 1;
                while (nameEnd < n && isNameChar(css.charAt(nameEnd))) {
                    nameEnd++;
                }
                String name = css.substring(i + 1, nameEnd).toLowerCase(Locale.ROOT);
                int stop = preludeEnd(css, nameEnd);
                if (stop >= n || css.charAt(stop) == ';') {
                    i = stop + 1;   // a statement at-rule (@import, @charset, @namespace): dropped
                    continue;
                }
                int close = blockEnd(css, stop);
                if (topLevel && name.equals("media")) {
                    String query = css.substring(nameEnd, stop).strip();
                    if (isSafeMediaQuery(query)) {
                        StringBuilder inner = new StringBuilder();
                        rules(css.substring(stop + 1, Math.min(close, n)), false, inner);
                        if (!inner.isEmpty()) {
                            out.append("@media ").append(query).append(" {").append(inner).append("}\n");
                        }
                    }
                }
                i = close + 1;      // every other block at-rule (@font-face, @keyframes, @supports, @page…): dropped
            } else {
                int open = preludeEnd(css, i);
                if (open >= n || css.charAt(open) == ';') {
                    i = open + 1;   // garbage without a block
                    continue;
                }
                int close = blockEnd(css, open);
                String body = css.substring(open + 1, Math.min(close, n));
                if (body.indexOf('{') < 0) {
                    String selectors = scopedSelectors(css.substring(i, open));
                    String declarations = selectors.isEmpty() ? "" : declarationBlock(body);
                    if (!declarations.isEmpty()) {
                        out.append(selectors).append(" { ").append(declarations).append(" }\n");
                    }
                }
                i = close + 1;
            }
        }
    }

    /** Index of the {@code '{'} or {@code ';'} that ends a prelude (strings skipped), or the length. */
    private static int preludeEnd(String css, int from) {
        int n = css.length();
        int i = from;
        while (i < n) {
            char c = css.charAt(i);
            if (c == '{' || c == ';') {
                return i;
            }
            i = (c == '"' || c == '\'') ? stringEnd(css, i) : i + 1;
        }
        return n;
    }

    /** Index of the {@code '}'} that closes the block opened at {@code open} (strings skipped), or the length. */
    private static int blockEnd(String css, int open) {
        int n = css.length();
        int depth = 0;
        int i = open;
        while (i < n) {
            char c = css.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
            i = (c == '"' || c == '\'') ? stringEnd(css, i) : i + 1;
        }
        return n;
    }

    /** The index after a quoted string starting at {@code start}; a string ends at its quote or a line end. */
    private static int stringEnd(String css, int start) {
        char quote = css.charAt(start);
        int i = start + 1;
        while (i < css.length() && css.charAt(i) != quote && css.charAt(i) != '\n') {
            i++;
        }
        return i + 1;
    }

    private static boolean isSafeMediaQuery(String query) {
        if (query.length() > MAX_MEDIA_QUERY) {
            return false;
        }
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (!(isNameChar(c) || c == ' ' || c == ',' || c == ':' || c == '(' || c == ')' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** The selector list with each selector under {@link #SCOPE}; empty when any selector holds an unsafe character. */
    static String scopedSelectors(String selectorList) {
        StringBuilder out = new StringBuilder();
        int start = 0;
        int n = selectorList.length();
        for (int i = 0; i <= n; i++) {
            if (i < n && selectorList.charAt(i) != ',') {
                char c = selectorList.charAt(i);
                if (!(isNameChar(c) || isSpace(c) || ".#>+~*:[]=\"'^$|()".indexOf(c) >= 0)) {
                    return "";
                }
                continue;
            }
            String selector = collapseSpaces(selectorList.substring(start, i));
            start = i + 1;
            if (selector.isEmpty()) {
                return "";
            }
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(scoped(selector));
        }
        return out.toString();
    }

    /** {@code html}, {@code body}, {@code :root} at the start name the container itself; anything else goes inside it. */
    private static String scoped(String selector) {
        String rest = selector;
        boolean container = false;
        boolean compound = false;
        for (String top : new String[] {"html", ":root", "body"}) {
            if (startsWithWord(rest, top)) {
                String after = rest.substring(top.length());
                compound = !after.isEmpty() && !isSpace(after.charAt(0)) && after.charAt(0) != '>';
                rest = after.stripLeading();
                if (rest.startsWith(">")) {
                    rest = rest.substring(1).stripLeading();
                }
                container = true;
            }
        }
        if (!container) {
            return SCOPE + " " + rest;
        }
        return rest.isEmpty() ? SCOPE : SCOPE + (compound ? "" : " ") + rest;
    }

    private static boolean startsWithWord(String s, String word) {
        if (!s.regionMatches(true, 0, word, 0, word.length())) {
            return false;
        }
        return s.length() == word.length() || !isNameChar(s.charAt(word.length()));
    }

    private static String collapseSpaces(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                space = !out.isEmpty();
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    // ---- declarations ----------------------------------------------------------------------------------------

    /** Declarations split at top-level {@code ;} (not inside parentheses or strings), each kept or dropped alone. */
    private String declarationBlock(String block) {
        StringBuilder out = new StringBuilder();
        int n = block.length();
        int start = 0;
        int depth = 0;
        int i = 0;
        while (i <= n) {
            if (i == n || block.charAt(i) == ';' && depth == 0) {
                String kept = declaration(block.substring(start, i));
                if (!kept.isEmpty()) {
                    out.append(out.isEmpty() ? "" : "; ").append(kept);
                }
                start = ++i;
                continue;
            }
            char c = block.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            }
            i = (c == '"' || c == '\'') ? Math.min(stringEnd(block, i), n) : i + 1;
        }
        return out.toString();
    }

    private String declaration(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return "";
        }
        String name = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c == '-')) {
                return "";      // an escape or any other trick in the name
            }
        }
        if (!PROPERTIES.contains(name)) {
            return "";
        }
        String value = text.substring(colon + 1).strip();
        String important = "";
        int bang = value.lastIndexOf('!');
        if (bang >= 0) {
            if (!value.substring(bang + 1).strip().equalsIgnoreCase("important")) {
                return "";
            }
            value = value.substring(0, bang).strip();
            important = " !important";
        }
        if (name.equals("position") && !POSITIONS.contains(value.toLowerCase(Locale.ROOT))) {
            return "";
        }
        String kept = value(name, value);
        return kept.isEmpty() ? "" : name + ": " + kept + important;
    }

    /** The value rebuilt from its tokens, or empty when one token is not allowed. */
    private String value(String property, String value) {
        StringBuilder out = new StringBuilder(value.length());
        int n = value.length();
        int i = 0;
        while (i < n) {
            char c = value.charAt(i);
            if (isSpace(c)) {
                if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
                i++;
            } else if (c == ',' || c == '/') {
                out.append(c);
                i++;
            } else if (c == '#') {
                int end = i + 1;
                while (end < n && isHex(value.charAt(end))) {
                    end++;
                }
                int digits = end - i - 1;
                if (digits != 3 && digits != 4 && digits != 6 && digits != 8 || end < n && isNameChar(value.charAt(end))) {
                    return "";
                }
                out.append(value, i, end);
                i = end;
            } else if (c >= '0' && c <= '9' || c == '.' || c == '+' || c == '-' && i + 1 < n && isDigitOrDot(value.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && isDigitOrDot(value.charAt(end))) {
                    end++;
                }
                if (end < n && value.charAt(end) == '%') {
                    end++;
                } else {
                    while (end < n && isLetter(value.charAt(end))) {
                        end++;
                    }
                }
                out.append(value, i, end);
                i = end;
            } else if (isLetter(c) || c == '-' || c == '_') {
                int end = i + 1;
                while (end < n && isNameChar(value.charAt(end))) {
                    end++;
                }
                String ident = value.substring(i, end).toLowerCase(Locale.ROOT);
                if (namesScript(ident)) {
                    return "";
                }
                if (end < n && value.charAt(end) == '(') {
                    int close = value.indexOf(')', end);
                    if (close < 0) {
                        return "";
                    }
                    String argument = value.substring(end + 1, close);
                    String function = ident.equals("url") ? url(property, argument) : colorFunction(ident, argument);
                    if (function.isEmpty()) {
                        return "";
                    }
                    out.append(function);
                    i = close + 1;
                } else {
                    out.append(value, i, end);
                    i = end;
                }
            } else if ((c == '"' || c == '\'') && STRING_PROPERTIES.contains(property)) {
                int end = value.indexOf(c, i + 1);
                if (end < 0) {
                    return "";
                }
                for (int k = i + 1; k < end; k++) {
                    char s = value.charAt(k);
                    if (!(isNameChar(s) || s == ' ' || s == '.' || s > 0x7f && !Character.isISOControl(s) && s != '\u2028' && s != '\u2029')) {
                        return "";
                    }
                }
                if (namesScript(value.substring(i + 1, end).toLowerCase(Locale.ROOT))) {
                    return "";
                }
                out.append(value, i, end + 1);
                i = end + 1;
            } else {
                return "";      // backslash, braces, <, @, !, quotes elsewhere, control characters…
            }
        }
        return out.toString().strip();
    }

    private static boolean namesScript(String lowerCaseToken) {
        for (String word : NEVER_KEPT) {
            if (lowerCaseToken.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static String colorFunction(String name, String argument) {
        if (!FUNCTIONS.contains(name)) {
            return "";
        }
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (!(isDigitOrDot(c) || c == ',' || c == ' ' || c == '%' || c == '/' || c == '-' || c == 'd' || c == 'e' || c == 'g')) {
                return "";
            }
        }
        return name + "(" + argument.strip() + ")";
    }

    /** {@code url(…)}: http(s) only, in image properties only, only when remote content is allowed. */
    private String url(String property, String argument) {
        String target = argument.strip();
        if (!target.isEmpty() && (target.charAt(0) == '"' || target.charAt(0) == '\'')) {
            if (target.length() < 2 || target.charAt(target.length() - 1) != target.charAt(0)) {
                return "";
            }
            target = target.substring(1, target.length() - 1).strip();
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == '"' || c == '\'' || c == '\\' || c == '<' || c == '>' || c == '(' || c == ')' || c >= 0x7f) {
                return "";
            }
        }
        String lower = target.toLowerCase(Locale.ROOT);
        if (!URL_PROPERTIES.contains(property) || !(lower.startsWith("https://") || lower.startsWith("http://"))) {
            return "";
        }
        if (namesScript(lower)) {
            // the declaration goes whole, as for any other value naming one of these words (fuzz target: a host
            // name "evil.tebindingst" kept inside url() was the only place such a word could survive)
            return "";
        }
        if (remote == RemoteContent.BLOCKED) {
            blockedUrls++;
            return "";
        }
        return "url(\"" + target + "\")";
    }

    // ---- characters ------------------------------------------------------------------------------------------

    /** Comments become a space in one pass; an unterminated comment ends the text, as in CSS. */
    static String withoutComments(String css) {
        int first = css.indexOf("/*");
        if (first < 0) {
            return css;
        }
        StringBuilder out = new StringBuilder(css.length());
        int i = 0;
        while (i < css.length()) {
            int open = css.indexOf("/*", i);
            if (open < 0) {
                out.append(css, i, css.length());
                break;
            }
            out.append(css, i, open).append(' ');
            int close = css.indexOf("*/", open + 2);
            i = close < 0 ? css.length() : close + 2;
        }
        return out.toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isNameChar(char c) {
        return isLetter(c) || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isDigitOrDot(char c) {
        return c >= '0' && c <= '9' || c == '.';
    }
}
