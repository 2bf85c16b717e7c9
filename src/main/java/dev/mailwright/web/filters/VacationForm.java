package dev.mailwright.web.filters;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.mailwright.config.MailwrightProperties;

/** The Vacation page's form as posted; {@code addresses} is free text, one address per line (or comma-separated). */
record VacationForm(boolean enabled, String start, String end, String subject, String text, String addresses, String days) {
    static final int MAX_DAYS = 30;   // the interpreter caps :days at 30 (RFC 5230 §4.1 lets it)
    static final int MAX_SUBJECT = 200;

    static VacationForm of(VacationReply reply) {
        return new VacationForm(reply.enabled(), reply.start(), reply.end(), reply.subject(), reply.text(),
                String.join("\n", reply.addresses()), Integer.toString(reply.days()));
    }

    VacationReply toReply(MailwrightProperties.WebmailFilters limits, List<Problem> problems) {
        String from = date(start, problems);
        String until = date(end, problems);
        if (!from.isEmpty() && !until.isEmpty() && LocalDate.parse(until).isBefore(LocalDate.parse(from))) {
            problems.add(Problem.of("vacation.error.endBeforeStart"));
        }
        String title = FormText.trimmed(subject);
        if (title.length() > MAX_SUBJECT || !FormText.oneLine(title)) {
            problems.add(Problem.of("vacation.error.subjectInvalid", MAX_SUBJECT));
        }
        String body = text == null ? "" : text.replace("\r\n", "\n").strip();
        if (body.length() > limits.maxTextLength() || !FormText.lines(body)) {
            problems.add(Problem.of("vacation.error.textInvalid", limits.maxTextLength()));
        } else if (enabled && body.isEmpty()) {
            problems.add(Problem.of("vacation.error.textMissing"));
        }
        List<String> list = new ArrayList<>();
        for (String address : FormText.trimmed(addresses).split("[\\s,]+")) {
            if (address.isEmpty()) {
                continue;
            }
            if (!FormText.address(address)) {
                problems.add(Problem.of("vacation.error.addressInvalid", address.length() > 80 ? address.substring(0, 80) : address));
            } else if (!list.contains(address.toLowerCase(Locale.ROOT))) {
                list.add(address.toLowerCase(Locale.ROOT));
            }
        }
        if (list.size() > limits.maxVacationAddresses()) {
            problems.add(Problem.of("vacation.error.tooManyAddresses", limits.maxVacationAddresses()));
        }
        int interval = VacationReply.DEFAULT_DAYS;
        try {
            interval = Integer.parseInt(FormText.trimmed(days));
            if (interval < 1 || interval > MAX_DAYS) {
                problems.add(Problem.of("vacation.error.daysInvalid", MAX_DAYS));
            }
        } catch (NumberFormatException e) {
            problems.add(Problem.of("vacation.error.daysInvalid", MAX_DAYS));
        }
        return new VacationReply(enabled, from, until, title, body, list, interval);
    }

    /** An ISO date (what an HTML date field posts), or empty. */
    private static String date(String value, List<Problem> problems) {
        String trimmed = FormText.trimmed(value);
        if (trimmed.isEmpty()) {
            return "";
        }
        try {
            return LocalDate.parse(trimmed).toString();
        } catch (DateTimeParseException e) {
            problems.add(Problem.of("vacation.error.dateInvalid"));
            return "";
        }
    }
}
