package dev.mailwright.web.filters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.web.filters.FilterRule.Actions;
import dev.mailwright.web.filters.FilterRule.Condition;
import dev.mailwright.web.filters.FilterRule.Field;
import dev.mailwright.web.filters.FilterRule.Operator;

/**
 * The rule form as posted: the condition rows come as four parallel lists (one entry per row, in order); a row
 * with nothing to compare is blank and ignored. Checkboxes that are not ticked are absent (null).
 */
record RuleForm(String name, Boolean enabled, String match, List<String> field, List<String> operator,
                List<String> header, List<String> value, String moveTo, Boolean markRead, Boolean flag,
                String forwardTo, Boolean forwardCopy, Boolean discard, String reject) {

    /** One condition row as the form shows it. */
    record Row(String field, String operator, String header, String value) {
        static final Row BLANK = new Row(Field.SUBJECT.name(), Operator.CONTAINS.name(), "", "");
    }

    /**
     * From the posted parameters (read by hand: Spring's binding splits a lone value at commas when the target is a
     * list, which would cut a condition's text).
     */
    static RuleForm of(org.springframework.util.MultiValueMap<String, String> form) {
        return new RuleForm(form.getFirst("name"), form.containsKey("enabled"), form.getFirst("match"),
                list(form, "field"), list(form, "operator"), list(form, "header"), list(form, "value"),
                form.getFirst("moveTo"), form.containsKey("markRead"), form.containsKey("flag"), form.getFirst("forwardTo"),
                form.containsKey("forwardCopy"), form.containsKey("discard"), form.getFirst("reject"));
    }

    private static List<String> list(org.springframework.util.MultiValueMap<String, String> form, String key) {
        List<String> values = form.get(key);
        return values == null ? List.of() : values;
    }

    static RuleForm of(FilterRule rule) {
        List<String> fields = new ArrayList<>();
        List<String> operators = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Condition c : rule.conditions()) {
            fields.add(c.field().name());
            operators.add(c.operator().name());
            headers.add(c.header());
            values.add(c.value());
        }
        Actions a = rule.actions();
        return new RuleForm(rule.name(), rule.enabled(), rule.match().name(), fields, operators, headers, values,
                a.moveTo(), a.markRead(), a.flag(), a.forwardTo(), a.forwardCopy(), a.discard(), a.reject());
    }

    static RuleForm empty() {
        return new RuleForm("", true, FilterRule.Match.ALL.name(), List.of(), List.of(), List.of(), List.of(), "",
                false, false, "", false, false, "");
    }

    /** The rows to show: the posted ones, then blank ones up to {@code minimum} (at most {@code maximum} in all). */
    List<Row> rows(int minimum, int maximum) {
        List<Row> rows = new ArrayList<>();
        int count = Math.min(maximum, size(field));
        for (int i = 0; i < count; i++) {
            rows.add(new Row(at(field, i), at(operator, i), at(header, i), at(value, i)));
        }
        while (rows.size() < Math.min(minimum, maximum)) {
            rows.add(Row.BLANK);
        }
        return rows;
    }

    public boolean isEnabled() {
        return Boolean.TRUE.equals(enabled);
    }

    public boolean checked(Boolean box) {
        return Boolean.TRUE.equals(box);
    }

    /** The rule, or the problems that keep the form from becoming one (added to {@code problems}). */
    FilterRule toRule(Set<String> folders, MailwrightProperties.WebmailFilters limits, List<Problem> problems) {
        String ruleName = FormText.trimmed(name);
        if (ruleName.isEmpty()) {
            problems.add(Problem.of("filters.error.nameMissing"));
        } else if (ruleName.length() > limits.maxFieldLength() || !FormText.oneLine(ruleName)) {
            problems.add(Problem.of("filters.error.nameInvalid", limits.maxFieldLength()));
        }
        FilterRule.Match matching = "ANY".equals(match) ? FilterRule.Match.ANY : FilterRule.Match.ALL;
        List<Condition> conditions = new ArrayList<>();
        int rows = size(field);
        if (rows > limits.maxConditions() * 2 + 10) {
            problems.add(Problem.of("filters.error.tooManyConditions", limits.maxConditions()));
            rows = 0;
        }
        for (int i = 0; i < rows; i++) {
            condition(i, limits, problems, conditions);
        }
        if (conditions.size() > limits.maxConditions()) {
            problems.add(Problem.of("filters.error.tooManyConditions", limits.maxConditions()));
        }
        Actions actions = actions(folders, limits, problems);
        return new FilterRule(ruleName, isEnabled(), matching, conditions, actions);
    }

    private void condition(int i, MailwrightProperties.WebmailFilters limits, List<Problem> problems, List<Condition> out) {
        Field kind = parse(Field.class, at(field, i));
        Operator comparison = parse(Operator.class, at(operator, i));
        String fieldName = FormText.trimmed(at(header, i));
        String text = at(value, i);
        int row = i + 1;
        if (kind == null || comparison == null) {
            problems.add(Problem.of("filters.error.conditionInvalid", row));
            return;
        }
        if (kind.text()) {
            if (text.isEmpty() && (kind != Field.HEADER || fieldName.isEmpty())) {
                return;   // a blank row
            }
            if (text.isEmpty()) {
                problems.add(Problem.of("filters.error.valueMissing", row));
            } else if (text.length() > limits.maxFieldLength() || !FormText.oneLine(text)) {
                problems.add(Problem.of("filters.error.valueInvalid", row, limits.maxFieldLength()));
            }
            if (kind == Field.HEADER && !FormText.fieldName(fieldName)) {
                problems.add(Problem.of("filters.error.headerInvalid", row));
            }
            out.add(new Condition(kind, comparison, kind == Field.HEADER ? fieldName : "", text));
        } else if (kind.size()) {
            if (text.isBlank()) {
                return;
            }
            String size = FormText.size(text);
            if (size.isEmpty()) {
                problems.add(Problem.of("filters.error.sizeInvalid", row));
            }
            out.add(new Condition(kind, Operator.CONTAINS, "", size));
        } else {
            out.add(new Condition(kind, Operator.CONTAINS, "", ""));
        }
    }

    private Actions actions(Set<String> folders, MailwrightProperties.WebmailFilters limits, List<Problem> problems) {
        String folder = moveTo == null ? "" : moveTo;
        if (!folder.isEmpty() && !folders.contains(folder)) {
            problems.add(Problem.of("filters.error.folderUnknown"));
        }
        String forward = FormText.trimmed(forwardTo);
        if (!forward.isEmpty() && (forward.length() > limits.maxFieldLength() || !FormText.address(forward))) {
            problems.add(Problem.of("filters.error.forwardInvalid"));
        }
        String rejection = reject == null ? "" : reject.replace("\r\n", "\n").strip();
        if (rejection.length() > limits.maxTextLength() || !FormText.lines(rejection)) {
            problems.add(Problem.of("filters.error.rejectInvalid", limits.maxTextLength()));
        }
        Actions actions = new Actions(folder, checked(markRead), checked(flag), forward, checked(forwardCopy) && !forward.isEmpty(),
                checked(discard), rejection);
        boolean others = !folder.isEmpty() || actions.markRead() || actions.flag() || !forward.isEmpty();
        if (!others && !actions.discard() && rejection.isEmpty()) {
            problems.add(Problem.of("filters.error.noAction"));
        } else if (!rejection.isEmpty() && (others || actions.discard())) {
            problems.add(Problem.of("filters.error.rejectAlone"));
        } else if (actions.discard() && others) {
            problems.add(Problem.of("filters.error.discardAlone"));
        } else if ((actions.markRead() || actions.flag()) && folder.isEmpty() && !forward.isEmpty() && !actions.forwardCopy()) {
            problems.add(Problem.of("filters.error.flagsNeedCopy"));
        }
        return actions;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int size(List<String> list) {
        return list == null ? 0 : list.size();
    }

    private static String at(List<String> list, int i) {
        return list == null || i >= list.size() || list.get(i) == null ? "" : list.get(i);
    }
}
