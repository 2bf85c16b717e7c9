package dev.mailwright.store.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A structured MIME header value such as Content-Type or Content-Disposition: a leading value and its
 * parameters, exactly as sent (names lower-cased, quoted values unquoted, RFC 2231 and RFC 2047 left
 * alone). Comments outside quoted strings are dropped. Parsing is lenient and never throws.
 */
record MimeParams(String value, List<Param> params) {

    record Param(String name, String value) {
    }

    MimeParams {
        params = List.copyOf(params);
    }

    Optional<String> get(String name) {
        for (Param p : params) {
            if (p.name().equals(name)) {
                return Optional.of(p.value());
            }
        }
        return Optional.empty();
    }

    static MimeParams parse(String raw) {
        List<String> segments = segments(raw);
        String value = segments.isEmpty() ? "" : segments.getFirst().trim().toLowerCase(Locale.ROOT);
        List<Param> params = new ArrayList<>();
        for (int i = 1; i < segments.size(); i++) {
            String seg = segments.get(i);
            int eq = seg.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = seg.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.indexOf('"') >= 0) {
                continue;
            }
            params.add(new Param(name, paramValue(seg.substring(eq + 1).trim())));
        }
        return new MimeParams(value, params);
    }

    /** The raw value with comments outside quoted strings removed; case is kept. */
    static String uncommented(String raw) {
        return String.join(";", segments(raw));
    }

    private static String paramValue(String v) {
        if (!v.startsWith("\"")) {
            return v;
        }
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                out.append(v.charAt(++i));
            } else if (c == '"') {
                break;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Splits at ';' outside quoted strings and comments; comments are removed, quotes kept. */
    private static List<String> segments(String raw) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int comment = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quoted) {
                cur.append(c);
                if (c == '\\' && i + 1 < raw.length()) {
                    cur.append(raw.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (comment > 0) {
                if (c == '\\') {
                    i++;
                } else if (c == '(') {
                    comment++;
                } else if (c == ')') {
                    comment--;
                }
            } else if (c == '"') {
                quoted = true;
                cur.append(c);
            } else if (c == '(') {
                comment = 1;
            } else if (c == ';') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
