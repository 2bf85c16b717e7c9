package dev.mailwright.store.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lenient RFC 5322 §3.3 date-time parsing (obsolete zones and two-digit years included). */
final class DateHeader {
    private static final Pattern DATE = Pattern.compile(
            "(?i)(?:[a-z]+\\s*,?\\s*)?(\\d{1,2})\\s*[-\\s]\\s*([a-z]{3})[a-z]*\\.?\\s*[-\\s]\\s*(\\d{2,4})\\s+"
                    + "(\\d{1,2})\\s*:\\s*(\\d{1,2})(?:\\s*:\\s*(\\d{1,2}))?(?:\\.\\d+)?\\s*([+-]\\d{4}|[a-z]+)?.*");
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final Map<String, Integer> ZONES = Map.of("EDT", -4, "EST", -5, "CDT", -5, "CST", -6,
            "MDT", -6, "MST", -7, "PDT", -7, "PST", -8);

    /** Longer than any date, with room for odd spacing and a zone name; the rest is never read. */
    static final int MAX_LENGTH = 200;

    private DateHeader() {
    }

    static Optional<Instant> parse(String raw) {
        Matcher m = DATE.matcher(simplified(raw));
        if (!m.matches()) {
            return Optional.empty();
        }
        int month = MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        if (month == 0) {
            return Optional.empty();
        }
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() <= 2) {
            year += year < 50 ? 2000 : 1900;
        } else if (m.group(3).length() == 3) {
            year += 1900;
        }
        try {
            LocalDateTime local = LocalDateTime.of(year, month, Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Math.min(59, Integer.parseInt(m.group(6))));
            return Optional.of(local.toInstant(zone(m.group(7))));
        } catch (DateTimeException invalidFields) {
            return Optional.empty();
        }
    }

    /**
     * The header without comments (nested ones too, RFC 5322 §3.2.2), each whitespace run one space, cut to
     * {@link #MAX_LENGTH}: one linear pass that leaves the date regex (whose {@code \\s*[-\\s]\\s*} could split a
     * long run of blanks in quadratically many ways) only short, single blanks to try.
     */
    static String simplified(String raw) {
        StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX_LENGTH));
        int depth = 0;
        for (int i = 0; i < raw.length() && out.length() < MAX_LENGTH; i++) {
            char c = raw.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
                c = ' ';
            } else if (c == '\\' && depth > 0) {
                i++;   // a quoted-pair inside a comment
            }
            if (depth > 0) {
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
            } else {
                out.append(c);
            }
        }
        return out.toString().strip();
    }

    private static ZoneOffset zone(String z) {
        if (z == null) {
            return ZoneOffset.UTC;
        }
        if (z.startsWith("+") || z.startsWith("-")) {
            int hh = Integer.parseInt(z.substring(1, 3));
            int mm = Integer.parseInt(z.substring(3, 5));
            if (hh > 18 || mm > 59) {
                return ZoneOffset.UTC;
            }
            int sign = z.startsWith("-") ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * hh, sign * mm);
        }
        Integer hours = ZONES.get(z.toUpperCase(Locale.ROOT));
        return hours == null ? ZoneOffset.UTC : ZoneOffset.ofHours(hours);
    }
}
