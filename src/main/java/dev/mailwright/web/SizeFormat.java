package dev.mailwright.web;

import java.text.NumberFormat;
import java.util.Locale;

import org.springframework.stereotype.Component;

/** Byte counts as the reader's language writes numbers ({@code ${@sizes.format(bytes, #locale)}} in templates). */
@Component("sizes")
public class SizeFormat {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    public String format(long bytes, Locale locale) {
        double value = Math.max(0, bytes);
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        NumberFormat number = NumberFormat.getNumberInstance(locale);
        number.setMaximumFractionDigits(unit == 0 ? 0 : 1);
        return number.format(value) + (Locale.KOREAN.getLanguage().equals(locale.getLanguage()) ? "" : "\u00a0") + UNITS[unit];
    }
}
