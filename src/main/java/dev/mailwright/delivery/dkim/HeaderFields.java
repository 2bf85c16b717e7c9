package dev.mailwright.delivery.dkim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
