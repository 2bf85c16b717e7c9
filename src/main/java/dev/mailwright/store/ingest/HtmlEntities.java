package dev.mailwright.store.ingest;

import java.util.Map;

/** Decodes the HTML character references that matter for a text preview. */
final class HtmlEntities {
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("copy", "\u00a9"),
            Map.entry("reg", "\u00ae"), Map.entry("hellip", "\u2026"), Map.entry("mdash", "\u2014"),
            Map.entry("ndash", "\u2013"), Map.entry("euro", "\u20ac"), Map.entry("laquo", "\u00ab"),
            Map.entry("raquo", "\u00bb"), Map.entry("rsquo", "\u2019"), Map.entry("lsquo", "\u2018"),
            Map.entry("rdquo", "\u201d"), Map.entry("ldquo", "\u201c"), Map.entry("zwnj", ""));

    private HtmlEntities() {
    }

    static String decode(String s) {
        int amp = s.indexOf('&');
        if (amp < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (amp >= 0) {
            out.append(s, i, amp);
            int semi = semicolonWithin(s, amp, 10);
            String replacement = semi > amp ? reference(s.substring(amp + 1, semi)) : null;
            if (replacement == null) {
                out.append('&');
                i = amp + 1;
            } else {
                out.append(replacement);
                i = semi + 1;
            }
            amp = s.indexOf('&', i);
        }
        out.append(s, i, s.length());
        return out.toString();
    }

    /** The {@code ;} at most {@code reach} characters after {@code amp}, or -1: never a scan to the end per {@code &}. */
    private static int semicolonWithin(String s, int amp, int reach) {
        int end = Math.min(s.length(), amp + reach + 1);
        for (int i = amp + 1; i < end; i++) {
            if (s.charAt(i) == ';') {
                return i;
            }
        }
        return -1;
    }

    private static String reference(String name) {
        if (name.startsWith("#")) {
            try {
                int cp = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                return Character.isValidCodePoint(cp) && cp != 0 ? Character.toString(cp) : null;
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return NAMED.get(name);
    }
}
