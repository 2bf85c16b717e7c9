package dev.mailwright.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --key=value} and {@code --flag} arguments. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String[] argv, int from) {
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            int eq = a.indexOf('=');
            if (eq < 0) {
                values.put(a.substring(2), "true");
            } else {
                values.put(a.substring(2, eq), a.substring(eq + 1));
            }
        }
    }

    String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    String required(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return v;
    }

    int integer(String key, int fallback) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(values.getOrDefault(key, "false"));
    }

    /** A size: the full default, or a tenth of it in quick mode, unless given explicitly. */
    int size(String key, int full) {
        if (values.containsKey(key)) {
            return Integer.parseInt(values.get(key));
        }
        return flag("quick") ? Math.max(1, full / 10) : full;
    }
}
