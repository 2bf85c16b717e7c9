package dev.mailwright.delivery.dkim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The header fields of a message in order, each as raw text (folds kept, no final CRLF). */
record HeaderFields(List<String> fields) {

    static HeaderFields parse(String headerText) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String line : headerText.split("\r\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append("\r\n").append(line);
            } else {
                if (current != null) {
                    fields.add(current.toString());
                }
                current = line.indexOf(':') > 0 ? new StringBuilder(line) : null;
            }
        }
        if (current != null) {
            fields.add(current.toString());
        }
        return new HeaderFields(List.copyOf(fields));
    }

    static String nameOf(String field) {
        return field.substring(0, field.indexOf(':')).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Every field by lower-case name, last one first: one pass, so that an {@code h=} tag naming thousands of
     * fields costs one look-up each rather than a scan of the whole header each.
     */
    Map<String, List<String>> bottomUpByName() {
        Map<String, List<String>> byName = new HashMap<>();
        for (int i = fields.size() - 1; i >= 0; i--) {
            byName.computeIfAbsent(nameOf(fields.get(i)), n -> new ArrayList<>()).add(fields.get(i));
        }
        return byName;
    }

    /** Fields with this name (case-insensitive), last one first, as RFC 6376 §5.4.2 consumes them. */
    List<String> bottomUp(String name) {
        List<String> found = new ArrayList<>();
        for (int i = fields.size() - 1; i >= 0; i--) {
            if (nameOf(fields.get(i)).equals(name)) {
                found.add(fields.get(i));
            }
        }
        return found;
    }
}
