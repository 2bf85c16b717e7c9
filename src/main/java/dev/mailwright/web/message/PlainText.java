package dev.mailwright.web.message;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.HtmlUtils;

/** Plain text to safe HTML: everything escaped, http(s) links made clickable (opening in a new tab). */
final class PlainText {
    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"'()\\[\\]{}]+[^\\s<>\"'()\\[\\]{}.,;:!?]",
            Pattern.CASE_INSENSITIVE);

    private PlainText() {
    }

    static String toHtml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        Matcher m = LINK.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(HtmlUtils.htmlEscape(text.substring(last, m.start())));
            String url = HtmlUtils.htmlEscape(m.group());
            out.append("<a href=\"").append(url).append("\" rel=\"noopener noreferrer\" target=\"_blank\">")
                    .append(url).append("</a>");
            last = m.end();
        }
        out.append(HtmlUtils.htmlEscape(text.substring(last)));
        return out.toString();
    }
}
