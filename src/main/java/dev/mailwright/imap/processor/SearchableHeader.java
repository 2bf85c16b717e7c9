package dev.mailwright.imap.processor;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import dev.mailwright.store.search.SearchText;

/**
 * One message's header as SEARCH sees it (RFC 3501 §6.4.4): every field unfolded and decoded, the whole header as
 * text (for TEXT), address fields also without comments (for FROM/TO/CC/BCC) and the date as written in
 * {@code Date:} (for SENTBEFORE/SENTON/SENTSINCE). Every pass here is linear in the header's length.
 */
final class SearchableHeader {
    private static final Set<String> ADDRESS_FIELDS = Set.of("from", "to", "cc", "bcc");
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private final Map<String, List<String>> fields;
    private final String lowerText;

    private SearchableHeader(Map<String, List<String>> fields, String lowerText) {
        this.fields = fields;
        this.lowerText = lowerText;
    }

    /** The header of {@code raw}, the message's first bytes (the header ends at the first empty line). */
    static SearchableHeader parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            end = text.indexOf("\n\n");
        }
        if (end >= 0) {
            text = text.substring(0, end);
        }
        Map<String, List<String>> fields = new HashMap<>();
        StringBuilder all = new StringBuilder();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : text.split("\r?\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.trim());
                continue;
            }
            add(fields, all, name, value);
            int colon = line.indexOf(':');
            name = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : null;
            value.setLength(0);
            if (colon > 0) {
                value.append(line.substring(colon + 1));
            }
        }
        add(fields, all, name, value);
        return new SearchableHeader(fields, all.toString().toLowerCase(Locale.ROOT));
    }

    /**
     * The same header from the store's exact header text ({@link dev.mailwright.store.SearchRow#exactHeader}): one
     * {@code name: value} line per field, decoded and folded, each address field's line followed by its comment-free
     * twin, which is skipped here (this class strips comments itself, for the fields SEARCH names). Because those
     * lines are exactly the fields {@link #parse} finds in the blob, and every comparison here folds, the answers are
     * the same as {@link #parse}'s, without opening the message.
     */
    static SearchableHeader ofStored(String folded) {
        Map<String, List<String>> fields = new HashMap<>();
        StringBuilder all = new StringBuilder(folded.length());
        int at = 0;
        boolean skipTwin = false;
        while (at < folded.length()) {
            int end = folded.indexOf('\n', at);
            if (end < 0) {
                end = folded.length();
            }
            if (skipTwin) {
                skipTwin = false;
            } else {
                int colon = folded.indexOf(':', at);
                if (colon > at && colon < end) {
                    String name = folded.substring(at, colon);
                    String value = folded.substring(Math.min(end, colon + 2), end);
                    fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                    all.append(name).append(": ").append(value).append('\n');
                    skipTwin = SearchText.hasCommentFreeLine(name);
                }
            }
            at = end + 1;
        }
        return new SearchableHeader(fields, all.toString());
    }

    private static void add(Map<String, List<String>> fields, StringBuilder all, String name, StringBuilder value) {
        if (name == null) {
            return;
        }
        String decoded = DecoderUtil.decodeEncodedWords(value.toString().trim(), DecodeMonitor.SILENT);
        fields.computeIfAbsent(name, k -> new ArrayList<>()).add(decoded);
        all.append(name).append(": ").append(decoded).append('\n');
    }

    /** Any field {@code name} contains {@code needle} (lower case); an empty needle asks only that the field exists. */
    boolean fieldContains(String name, String needle) {
        String field = name.toLowerCase(Locale.ROOT);
        List<String> values = fields.getOrDefault(field, List.of());
        boolean address = ADDRESS_FIELDS.contains(field);
        for (String v : values) {
            String lower = v.toLowerCase(Locale.ROOT);
            if (lower.contains(needle) || (address && SearchText.withoutComments(lower).contains(needle))) {
                return true;
            }
        }
        return false;
    }

    /** Some field's name or value contains {@code needle} (lower case). */
    boolean anyFieldContains(String needle) {
        return lowerText.contains(needle);
    }

    /** FROM, TO, CC, BCC and SUBJECT: the fields whose text the store's search column also holds. */
    boolean indexedFieldsContain(String needle) {
        for (String field : List.of("from", "to", "cc", "bcc", "subject")) {
            if (fields.containsKey(field) && fieldContains(field, needle)) {
                return true;
            }
        }
        return false;
    }

    /** The day of {@code Date:} as written, its time and zone ignored (RFC 3501 §6.4.4 SENT*); empty if unreadable. */
    Optional<LocalDate> writtenDate() {
        List<String> values = fields.getOrDefault("date", List.of());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String[] words = SearchText.withoutComments(values.getFirst()).replace(',', ' ').trim().split("[ \t]+");
        int i = 0;
        if (words.length > 0 && !words[0].isEmpty() && Character.isLetter(words[0].charAt(0))) {
            i = 1;   // the day of the week
        }
        if (words.length < i + 3) {
            return Optional.empty();
        }
        try {
            int day = Integer.parseInt(words[i]);
            String monthWord = words[i + 1].toLowerCase(Locale.ROOT);
            int month = MONTHS.indexOf(monthWord.length() >= 3 ? monthWord.substring(0, 3) : monthWord) + 1;
            String yearWord = words[i + 2];
            if (month == 0 || yearWord.length() > 4) {
                return Optional.empty();
            }
            int year = Integer.parseInt(yearWord);
            if (yearWord.length() <= 2) {
                year += year < 50 ? 2000 : 1900;   // RFC 5322 §4.3 obsolete years
            } else if (yearWord.length() == 3) {
                year += 1900;
            }
            return Optional.of(LocalDate.of(year, month, day));
        } catch (NumberFormatException | DateTimeException unreadable) {
            return Optional.empty();
        }
    }
}
