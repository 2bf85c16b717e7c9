package dev.mailwright.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * An instant as the reader's language writes a date and time, in the server's zone ({@code ${@moments.format(instant,
 * #locale)}} in templates): the admin pages' queue attempts and integrity check.
 */
@Component("moments")
public class MomentFormat {
    private static final DateTimeFormatter MEDIUM = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM);

    public String format(Instant instant, Locale locale) {
        return instant == null ? "" : MEDIUM.withLocale(locale).format(instant.atZone(ZoneId.systemDefault()));
    }
}
