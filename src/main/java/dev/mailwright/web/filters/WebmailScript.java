package dev.mailwright.web.filters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import tools.jackson.databind.json.JsonMapper;

import dev.mailwright.web.filters.FilterRule.Actions;
import dev.mailwright.web.filters.FilterRule.Condition;

/**
 * The Sieve script the Filters and Vacation pages write (stored as {@value #NAME} and activated): the vacation
 * reply first, then one {@code if} per enabled rule, each ending with {@code stop}. The last line is a comment
 * holding the pages' own settings as JSON, so the pages read their rules back without parsing Sieve. The text is a
 * function of the settings alone: a stored script that differs from what its settings generate was edited by hand
 * (over ManageSieve or in the raw editor), and the pages then leave it alone.
 *
 * @param vacationInScript how the vacation reply appears; decided when written (see {@link VacationInScript})
 */
record WebmailScript(List<FilterRule> rules, VacationReply vacation, VacationInScript vacationInScript) {
    static final String NAME = "webmail";
    static final String DATA_PREFIX = "# mailwright-webmail-data: ";
    /** The inbound checks prepend this field with the value YES to spam (rspamd or the embedded scorer). */
    static final String SPAM_FLAG_FIELD = "X-Spam-Flag";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    WebmailScript {
        rules = List.copyOf(rules);
    }

    /**
     * OMITTED: off. ALWAYS: on, no period. DATED: on, and {@code currentdate} tests (RFC 5260) inside the script keep
     * it to its period.
     */
    enum VacationInScript { OMITTED, ALWAYS, DATED }

    /** What the script's JSON comment holds. */
    private record Data(int version, VacationInScript vacationInScript, List<FilterRule> rules, VacationReply vacation) {
    }

    /** Reads the pages' settings back from a stored script; empty when the script is not (or no longer) theirs. */
    static Optional<WebmailScript> read(String content) {
        int at = content.lastIndexOf("\n" + DATA_PREFIX);
        if (at < 0) {
            return Optional.empty();
        }
        int start = at + 1 + DATA_PREFIX.length();
        int end = content.indexOf('\n', start);
        String json = content.substring(start, end < 0 ? content.length() : end);
        try {
            Data data = JSON.readValue(json, Data.class);
            if (data.version() != 1 || data.rules() == null || data.vacation() == null || data.vacationInScript() == null) {
                return Optional.empty();
            }
            WebmailScript script = new WebmailScript(data.rules(), data.vacation(), data.vacationInScript());
            return script.text().equals(content) ? Optional.of(script) : Optional.empty();
        } catch (RuntimeException e) {
            // not the pages' JSON (JacksonException), or fields the pages never write (nulls, bad dates): the script
            // is someone else's
            return Optional.empty();
        }
    }

    /** The Sieve text. */
    String text() {
        StringBuilder out = new StringBuilder();
        out.append("# Mailwright webmail: written by the Filters and Vacation pages; change it there. Once edited by hand\n");
        out.append("# (here or over ManageSieve) the pages leave it alone and offer the raw editor.\n");
        TreeSet<String> requires = new TreeSet<>();
        StringBuilder body = new StringBuilder();
        if (vacationInScript != VacationInScript.OMITTED) {
            vacation(body, requires);
        }
        int number = 0;
        for (FilterRule rule : rules) {
            number++;
            body.append("\n# Rule ").append(number).append(rule.enabled() ? "" : " (disabled)").append(": ")
                    .append(commentText(rule.name())).append('\n');
            if (rule.enabled()) {
                rule(rule, body, requires);
            }
        }
        if (!requires.isEmpty()) {
            out.append("require ").append(stringList(new ArrayList<>(requires))).append(";\n");
        }
        out.append(body);
        out.append('\n').append(DATA_PREFIX)
                .append(JSON.writeValueAsString(new Data(1, vacationInScript, rules, vacation))).append('\n');
        return out.toString();
    }

    private void vacation(StringBuilder out, TreeSet<String> requires) {
        requires.add("vacation");
        out.append("\n# Vacation reply").append(vacation.start().isEmpty() ? "" : ", from " + vacation.start())
                .append(vacation.end().isEmpty() ? "" : ", until " + vacation.end()).append('\n');
        StringBuilder command = new StringBuilder("vacation :days ").append(vacation.days());
        if (!vacation.subject().isEmpty()) {
            command.append(" :subject ").append(string(vacation.subject()));
        }
        if (!vacation.addresses().isEmpty()) {
            command.append(" :addresses ").append(stringList(vacation.addresses()));
        }
        command.append(' ').append(string(vacation.text())).append(";\n");
        List<String> dates = new ArrayList<>();
        if (vacationInScript == VacationInScript.DATED) {
            vacation.startDate().ifPresent(d -> dates.add("currentdate :value \"ge\" \"date\" " + string(d.toString())));
            vacation.endDate().ifPresent(d -> dates.add("currentdate :value \"le\" \"date\" " + string(d.toString())));
        }
        if (dates.isEmpty()) {
            out.append(command);
            return;
        }
        requires.add("date");
        requires.add("relational");
        out.append("if ").append(dates.size() == 1 ? dates.getFirst() : "allof (" + String.join(", ", dates) + ")")
                .append(" {\n    ").append(command).append("}\n");
    }

    private static void rule(FilterRule rule, StringBuilder out, TreeSet<String> requires) {
        List<String> tests = rule.conditions().stream().map(WebmailScript::test).toList();
        String test = tests.isEmpty() ? "true" : tests.size() == 1 ? tests.getFirst()
                : (rule.match() == FilterRule.Match.ALL ? "allof" : "anyof") + " (" + String.join(", ", tests) + ")";
        out.append("if ").append(test).append(" {\n");
        Actions a = rule.actions();
        if (!a.reject().isEmpty()) {
            requires.add("reject");
            out.append("    reject ").append(string(a.reject())).append(";\n");
        } else if (a.discard()) {
            out.append("    discard;\n");
        } else {
            List<String> flags = new ArrayList<>();
            if (a.markRead()) {
                flags.add("\\Seen");
            }
            if (a.flag()) {
                flags.add("\\Flagged");
            }
            if (!a.forwardTo().isEmpty()) {
                if (a.forwardCopy()) {
                    requires.add("copy");
                }
                out.append("    redirect ").append(a.forwardCopy() ? ":copy " : "").append(string(a.forwardTo())).append(";\n");
            }
            String withFlags = flags.isEmpty() ? "" : ":flags " + stringList(flags) + " ";
            if (!flags.isEmpty()) {
                requires.add("imap4flags");
            }
            if (!a.moveTo().isEmpty()) {
                requires.add("fileinto");
                out.append("    fileinto ").append(withFlags).append(string(a.moveTo())).append(";\n");
            } else if (!flags.isEmpty()) {
                out.append("    keep ").append(withFlags.strip()).append(";\n");
            }
        }
        out.append("    stop;\n}\n");
    }

    private static String test(Condition c) {
        return switch (c.field()) {
            case FROM -> text(c, string("from"));
            case TO -> text(c, stringList(List.of("to", "cc")));
            case SUBJECT -> text(c, string("subject"));
            case HEADER -> text(c, string(c.header()));
            case SIZE_OVER -> "size :over " + c.value();
            case SIZE_UNDER -> "size :under " + c.value();
            case SPAM -> "header :is " + string(SPAM_FLAG_FIELD) + " \"YES\"";
            case NOT_SPAM -> "not header :is " + string(SPAM_FLAG_FIELD) + " \"YES\"";
        };
    }

    private static String text(Condition c, String fields) {
        return switch (c.operator()) {
            case CONTAINS -> "header :contains " + fields + " " + string(c.value());
            case NOT_CONTAINS -> "not header :contains " + fields + " " + string(c.value());
            case IS -> "header :is " + fields + " " + string(c.value());
            case NOT_IS -> "not header :is " + fields + " " + string(c.value());
        };
    }

    /** A Sieve quoted string (RFC 5228 §2.4.2: only backslash and double quote are escaped). */
    static String string(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String stringList(List<String> values) {
        return "[" + String.join(", ", values.stream().map(WebmailScript::string).toList()) + "]";
    }

    /** A rule name in a comment: one line. */
    private static String commentText(String value) {
        return value.codePoints().map(c -> c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029 ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
