package dev.mailwright.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Writing and reading {@code Authentication-Results:} (RFC 8601). */
public final class AuthenticationResults {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~.@]+");

    private AuthenticationResults() {
    }

    /** The field we prepend: one result per line; {@code none} when no method ran (RFC 8601 §2.2). */
    static String field(String authservId, List<AuthResult> results) {
        StringBuilder sb = new StringBuilder("Authentication-Results: ").append(authservId);
        if (results.isEmpty()) {
            return sb.append("; none\r\n").toString();
        }
        for (AuthResult result : results) {
            sb.append(";\r\n\t").append(result.format());
        }
        return sb.append("\r\n").toString();
    }

    /** A property value as a token when it is one, else a quoted string (RFC 8601 §2.2 via RFC 2045). */
    static String value(String value) {
        if (TOKEN.matcher(value).matches()) {
            return value;
        }
        return '"' + value.replaceAll("[\\p{Cntrl}]", " ").replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The authserv-id a field's value claims (comments skipped, lower-case), empty if it has none. */
    public static String authservIdOf(String fieldValue) {
        String text = stripComments(fieldValue).strip();
        int end = 0;
        if (text.startsWith("\"")) {
            int close = text.indexOf('"', 1);
            return close < 0 ? "" : text.substring(1, close).toLowerCase(Locale.ROOT);
        }
        while (end < text.length() && text.charAt(end) != ';' && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /**
     * The results in the topmost field carrying {@code authservId}: the only one we can trust, since we remove any
     * other claiming our id at reception and prepend ours above everything. Empty when there is none.
     */
    public static Optional<List<AuthResult>> ours(MessageHeader header, String authservId) {
        for (MessageHeader.Field field : header.all("authentication-results")) {
            String value = field.value();
            if (authservIdOf(value).equals(authservId.toLowerCase(Locale.ROOT))) {
                return Optional.of(parseResults(value));
            }
        }
        return Optional.empty();
    }

    /** What the webmail may say about a message's sender, from our own results only. */
    public enum SenderVerdict {
        /** DMARC passed, or (no DMARC policy) SPF or DKIM passed for the From domain's organization. */
        VERIFIED,
        /** We checked and could not tie the From address to the sending host or a signature. */
        UNVERIFIED,
        /** No result of ours: the message did not come through our MX (submission, APPEND, older mail). */
        UNKNOWN
    }

    /**
     * The verdict from the values of a message's {@code Authentication-Results:} fields, top first: only the topmost
     * field carrying {@code authservId} counts (we remove look-alikes at reception and prepend ours above them).
     */
    public static SenderVerdict senderVerdict(List<String> fieldValues, String authservId) {
        for (String value : fieldValues) {
            if (authservIdOf(value).equals(authservId.toLowerCase(Locale.ROOT))) {
                return verdictOf(parseResults(value));
            }
        }
        return SenderVerdict.UNKNOWN;
    }

    private static SenderVerdict verdictOf(List<AuthResult> results) {
        Optional<AuthResult> dmarc = results.stream().filter(r -> r.method().equals("dmarc")).findFirst();
        if (dmarc.isEmpty()) {
            return SenderVerdict.UNVERIFIED;
        }
        if (dmarc.get().result().equals("pass")) {
            return SenderVerdict.VERIFIED;
        }
        Optional<String> from = property(dmarc.get(), "header.from");
        if (!dmarc.get().result().equals("none") || from.isEmpty()) {
            return SenderVerdict.UNVERIFIED;
        }
        String author = from.get();
        boolean aligned = results.stream().anyMatch(r ->
                (r.method().equals("dkim") && r.result().equals("pass")
                        && property(r, "header.d").filter(d -> dev.mailwright.inbound.dmarc.OrganizationalDomain.aligned(d, author, false)).isPresent())
                || (r.method().equals("spf") && r.result().equals("pass")
                        && property(r, "smtp.mailfrom").map(m -> m.substring(m.lastIndexOf('@') + 1))
                        .filter(d -> dev.mailwright.inbound.dmarc.OrganizationalDomain.aligned(d, author, false)).isPresent()));
        return aligned ? SenderVerdict.VERIFIED : SenderVerdict.UNVERIFIED;
    }

    private static Optional<String> property(AuthResult result, String name) {
        return result.properties().stream().filter(p -> p.name().equals(name)).map(AuthResult.Property::value).findFirst();
    }

    /** {@code method=result} pairs and their properties; comments dropped. Lenient: unknown shapes are skipped. */
    static List<AuthResult> parseResults(String value) {
        List<AuthResult> results = new ArrayList<>();
        String[] statements = stripComments(value).split(";");
        for (int i = 1; i < statements.length; i++) {
            String[] words = statements[i].strip().split("\\s+");
            if (words.length == 0 || words[0].indexOf('=') <= 0) {
                continue;
            }
            String method = words[0].substring(0, words[0].indexOf('=')).toLowerCase(Locale.ROOT);
            String result = words[0].substring(words[0].indexOf('=') + 1).toLowerCase(Locale.ROOT);
            List<AuthResult.Property> properties = new ArrayList<>();
            for (int w = 1; w < words.length; w++) {
                int eq = words[w].indexOf('=');
                if (eq > 0) {
                    properties.add(new AuthResult.Property(words[w].substring(0, eq).toLowerCase(Locale.ROOT),
                            words[w].substring(eq + 1).replace("\"", "")));
                }
            }
            results.add(new AuthResult(method, result, "", properties));
        }
        return results;
    }

    /** Removes RFC 5322 comments (nested, with quoted-pairs) outside quoted strings; linear in the input. */
    static String stripComments(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && (depth > 0 || quoted) && i + 1 < text.length()) {
                if (depth == 0) {
                    sb.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (depth == 0 && c == '"') {
                quoted = !quoted;
                sb.append(c);
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
