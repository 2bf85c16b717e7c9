package dev.mailwright.sieve;

import java.time.DateTimeException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.mailwright.sieve.SieveSyntax.Position;

/**
 * The {@code date} and {@code currentdate} tests' arithmetic (RFC 5260 §4-5): reading a header field's date, the
 * zones ({@code :zone "+hhmm"}, {@code :originalzone}, else the server's) and the date parts.
 */
final class SieveDates {
    static final Set<String> PARTS = Set.of("year", "month", "day", "date", "julian", "hour", "minute", "second",
            "time", "iso8601", "std11", "zone", "weekday");
    /** RFC 5260 §4.1: "+" or "-", two digits of hours, two of minutes. */
    private static final Pattern ZONE = Pattern.compile("[+-](?:0\\d|1[0-4])[0-5]\\d");
    /** Obsolete zone names RFC 5322 §4.3 still lets a Date: field carry. */
    private static final Map<String, String> NAMED_ZONES = Map.of("UT", "+0000", "GMT", "+0000", "EST", "-0500",
            "EDT", "-0400", "CST", "-0600", "CDT", "-0500", "MST", "-0700", "MDT", "-0600", "PST", "-0800", "PDT", "-0700");
    private static final DateTimeFormatter STD11 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss xx", Locale.ROOT);
    private static final DateTimeFormatter ISO8601 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);
    /** The Modified Julian Day of 1970-01-01, the epoch {@link java.time.LocalDate#toEpochDay} counts from. */
    private static final long MJD_OF_EPOCH = 40_587;

    private SieveDates() {
    }

    /** Compile-time checks of constant arguments: the date part and the zone. {@code partAt}: the part's position. */
    static void check(SieveArguments arguments, int partAt, Position at) throws SieveException {
        String part = arguments.string(partAt);
        if (!part.contains("${") && !PARTS.contains(part.toLowerCase(Locale.ROOT))) {
            throw new SieveException(at, "unknown date part \"" + part + "\" (" + String.join(", ", PARTS) + ")");
        }
        Optional<String> zone = arguments.string("zone");
        if (zone.isPresent() && !zone.get().contains("${") && !ZONE.matcher(zone.get()).matches()) {
            throw new SieveException(at, "time zone \"" + zone.get() + "\" is not of the form +hhmm or -hhmm");
        }
    }

    static Optional<ZoneOffset> zone(String text) {
        return ZONE.matcher(text).matches() ? Optional.of(ZoneOffset.of(text.substring(0, 3) + ":" + text.substring(3)))
                : Optional.empty();
    }

    /**
     * The date-time a header field value carries (RFC 5322 §3.3, obsolete zone names allowed, a comment after it
     * ignored); for a {@code Received:} field the part after its last semicolon. Empty when there is none.
     */
    static Optional<ZonedDateTime> parse(String value) {
        String text = value.length() > 1000 ? value.substring(0, 1000) : value;
        int semicolon = text.lastIndexOf(';');
        if (semicolon >= 0) {
            text = text.substring(semicolon + 1);
        }
        int comment = text.indexOf('(');
        if (comment >= 0) {
            text = text.substring(0, comment);
        }
        text = text.strip().replaceAll("\\s+", " ");
        int lastSpace = text.lastIndexOf(' ');
        if (lastSpace > 0) {
            String named = NAMED_ZONES.get(text.substring(lastSpace + 1).toUpperCase(Locale.ROOT));
            if (named != null) {
                text = text.substring(0, lastSpace + 1) + named;
            }
        }
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** One date part as RFC 5260 §4.2 writes it; empty for an unknown part name. */
    static Optional<String> part(ZonedDateTime date, String name) {
        return Optional.ofNullable(switch (name.toLowerCase(Locale.ROOT)) {
            case "year" -> String.format(Locale.ROOT, "%04d", date.getYear());
            case "month" -> two(date.getMonthValue());
            case "day" -> two(date.getDayOfMonth());
            case "date" -> String.format(Locale.ROOT, "%04d-%02d-%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
            case "julian" -> String.valueOf(date.toLocalDate().toEpochDay() + MJD_OF_EPOCH);
            case "hour" -> two(date.getHour());
            case "minute" -> two(date.getMinute());
            case "second" -> two(date.getSecond());
            case "time" -> String.format(Locale.ROOT, "%02d:%02d:%02d", date.getHour(), date.getMinute(), date.getSecond());
            case "iso8601" -> date.format(ISO8601);
            case "std11" -> date.format(STD11);
            case "zone" -> date.getOffset().getId().equals("Z") ? "+0000" : date.getOffset().getId().replace(":", "");
            case "weekday" -> String.valueOf(date.getDayOfWeek().getValue() % 7);
            default -> null;
        });
    }

    private static String two(int value) {
        return String.format(Locale.ROOT, "%02d", value);
    }
}
