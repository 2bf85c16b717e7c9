package dev.mailwright.store.ingest;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.util.CharsetUtil;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Decodes the collected starts of text parts (transfer encoding, then charset) for preview and search. */
final class TextExtractor {
    private static final Pattern SCRIPT_OR_STYLE =
            Pattern.compile("(?is)<(script|style|head)\\b.*?(</\\1\\s*>|\\z)");
    private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?(-->|\\z)");
    private static final Pattern TAG = Pattern.compile("(?s)<[a-zA-Z/!?][^>]*(>|\\z)");

    /** A decoded text part. */
    record Text(String subtype, String content) {
    }

    private TextExtractor() {
    }

    static List<Text> texts(Entity root) {
        List<Text> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Entity e, List<Text> out) {
        switch (e.kind) {
            case MULTIPART -> e.children.forEach(c -> collect(c, out));
            case MESSAGE -> collect(e.message, out);
            case LEAF -> {
                if (e.text != null) {
                    String s = decode(e.text.bytes(), e.info);
                    out.add(new Text(e.info.subtype(), e.info.subtype().equals("html") ? collapse(stripHtml(s)) : s));
                }
            }
        }
    }

    static String preview(List<Text> texts, int length) {
        if (length == 0) {
            return "";
        }
        // the first text/plain with visible text, else the first such text/html
        for (String subtype : List.of("plain", "html")) {
            for (Text t : texts) {
                if (t.subtype().equals(subtype)) {
                    String preview = collapsedStart(t.content(), length);
                    if (!preview.isEmpty()) {
                        return preview;
                    }
                }
            }
        }
        return "";
    }

    /**
     * {@code truncate(collapse(s), max)}, reading no more of {@code s} than it needs: it stops at the first character
     * that is not white space and lies {@code max} or more characters after the first such character, because from
     * there on the result is known (a 50 KB body's preview had cost a collapse of all 50 KB: a tenth of a delivery's
     * CPU on PostgreSQL).
     */
    static String collapsedStart(String s, int max) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 16);
        int first = -1;   // in out: the first character that strip() keeps
        boolean inRun = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (collapsible(c)) {
                if (!inRun) {
                    out.append(' ');
                    inRun = true;
                }
                continue;
            }
            out.append(c);
            inRun = false;
            if (!Character.isWhitespace(c)) {
                int at = out.length() - 1;
                if (first < 0) {
                    first = at;
                }
                if (at - first >= max) {
                    // the stripped text goes on past max characters: its start is all the result needs
                    return truncate(out.substring(first), max);
                }
            }
        }
        return truncate(out.toString().strip(), max);
    }

    /**
     * Every run of ASCII white space or no-break spaces becomes one space, then the ends are stripped
     * ({@link String#strip()}). A single pass without a regex: it runs over every text part of every message
     * ({@link #collapsedStart} with no limit).
     */
    static String collapse(String s) {
        return collapsedStart(s, Integer.MAX_VALUE);
    }

    private static boolean collapsible(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r' || c == '\u00a0';
    }

    static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        if (max == 0) {
            return "";
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    static String decode(byte[] raw, PartInfo info) {
        byte[] bytes = switch (info.encoding()) {
            case "BASE64" -> readAll(new Base64InputStream(new ByteArrayInputStream(raw), DecodeMonitor.SILENT));
            case "QUOTED-PRINTABLE" ->
                    readAll(new QuotedPrintableInputStream(new ByteArrayInputStream(raw), DecodeMonitor.SILENT));
            default -> raw;
        };
        return charsetDecode(bytes, info.param("charset").orElse(""));
    }

    /** Decodes with the declared charset; unknown or ASCII-declared text falls back to UTF-8, then Latin-1. */
    static String charsetDecode(byte[] bytes, String declared) {
        Charset cs = declared.isBlank() ? null : CharsetUtil.lookup(declared.strip());
        if (cs != null && !cs.equals(StandardCharsets.US_ASCII)) {
            return new String(bytes, cs);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, Charset.forName("windows-1252"));
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            // the decoders are lenient (SILENT) and read from memory, so this is a programming error
            throw new UncheckedIOException(e);
        }
    }

    static String stripHtml(String html) {
        String s = COMMENT.matcher(html).replaceAll(" ");
        s = SCRIPT_OR_STYLE.matcher(s).replaceAll(" ");
        // block tags separate words; inline ones (<b>world</b>,) do not, or the preview would read "world ,"
        s = TAG.matcher(s).replaceAll(tag -> INLINE_TAGS.contains(tagName(tag.group())) ? "" : " ");
        return HtmlEntities.decode(s);
    }

    private static final java.util.Set<String> INLINE_TAGS = java.util.Set.of("a", "abbr", "b", "bdi", "bdo", "big", "cite",
            "code", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike",
            "strong", "sub", "sup", "time", "tt", "u", "var");

    /** The lower-case element name of {@code <name ...>} or {@code </name>}; empty for comments and declarations. */
    static String tagName(String tag) {
        int start = tag.length() > 1 && tag.charAt(1) == '/' ? 2 : 1;
        int end = start;
        while (end < tag.length() && end - start < 16 && Character.isLetterOrDigit(tag.charAt(end))) {
            end++;
        }
        return tag.substring(start, end).toLowerCase(java.util.Locale.ROOT);
    }
}
