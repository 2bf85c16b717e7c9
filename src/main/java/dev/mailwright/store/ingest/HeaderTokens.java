package dev.mailwright.store.ingest;

import java.util.ArrayList;
import java.util.List;

/** RFC 5322 lexical tokens of a structured header value, for address parsing. */
final class HeaderTokens {
    enum Kind { ATOM, QUOTED, COMMENT, DOMAIN_LITERAL, SPECIAL }

    /**
     * @param text  the token's value: unescaped content for QUOTED and COMMENT, raw text otherwise
     * @param raw   the token as it appeared (with quotes for QUOTED)
     */
    record Token(Kind kind, String text, String raw) {
        boolean is(char special) {
            return kind == Kind.SPECIAL && text.charAt(0) == special;
        }
    }

    // '.' is deliberately not a special: dot-atoms and obsolete phrases like "J. Smith" stay one atom.
    private static final String SPECIALS = "()<>[]:;@\\,\"";

    private HeaderTokens() {
    }

    static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (space(c)) {
                i++;
            } else if (c == '"') {
                i = delimited(s, i, '"', Kind.QUOTED, out);
            } else if (c == '(') {
                i = comment(s, i, out);
            } else if (c == '[') {
                i = delimited(s, i, ']', Kind.DOMAIN_LITERAL, out);
            } else if (SPECIALS.indexOf(c) >= 0) {
                out.add(new Token(Kind.SPECIAL, String.valueOf(c), String.valueOf(c)));
                i++;
            } else {
                int start = i;
                while (i < n && SPECIALS.indexOf(s.charAt(i)) < 0 && !space(s.charAt(i))) {
                    i++;
                }
                String atom = s.substring(start, i);
                out.add(new Token(Kind.ATOM, atom, atom));
            }
        }
        return out;
    }

    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static int delimited(String s, int start, char close, Kind kind, List<Token> out) {
        StringBuilder text = new StringBuilder();
        int i = start + 1;
        while (i < s.length() && s.charAt(i) != close) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            if (c != '\r' && c != '\n') {
                text.append(c);
            }
            i++;
        }
        int end = Math.min(i + 1, s.length());
        String value = kind == Kind.DOMAIN_LITERAL ? s.substring(start, end) : text.toString();
        out.add(new Token(kind, value, s.substring(start, end)));
        return end;
    }

    private static int comment(String s, int start, List<Token> out) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        int i = start;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                text.append(s.charAt(++i));
            } else if (c == '(') {
                if (depth++ > 0) {
                    text.append(c);
                }
            } else if (c == ')') {
                if (--depth == 0) {
                    i++;
                    break;
                }
                text.append(c);
            } else {
                text.append(c);
            }
            i++;
        }
        out.add(new Token(Kind.COMMENT, text.toString().trim(), s.substring(start, i)));
        return i;
    }
}
