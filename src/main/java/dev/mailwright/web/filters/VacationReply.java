package dev.mailwright.web.filters;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The Vacation page's settings. {@code start} and {@code end} are ISO dates (inclusive) or empty for an open end;
 * {@code addresses} are the user's other addresses that count as "to me" (RFC 5230 :addresses).
 */
record VacationReply(boolean enabled, String start, String end, String subject, String text, List<String> addresses,
                     int days) {
    static final int DEFAULT_DAYS = 7;
    static final VacationReply OFF = new VacationReply(false, "", "", "", "", List.of(), DEFAULT_DAYS);

    VacationReply {
        addresses = List.copyOf(addresses);
    }

    Optional<LocalDate> startDate() {
        return start.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(start));
    }

    Optional<LocalDate> endDate() {
        return end.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(end));
    }

    /** Switched on and {@code today} inside the period. */
    boolean answersOn(LocalDate today) {
        return enabled && startDate().map(s -> !today.isBefore(s)).orElse(true)
                && endDate().map(e -> !today.isAfter(e)).orElse(true);
    }
}
