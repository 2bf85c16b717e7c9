package dev.mailwright.sieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.mailwright.sieve.SieveSyntax.Position;

/**
 * How a test compares: a comparator (RFC 4790 names: {@code i;octet}, {@code i;ascii-casemap}, {@code
 * i;ascii-numeric}) and a match type ({@code :is}, {@code :contains}, {@code :matches} of RFC 5228, {@code :count}
 * and {@code :value} with a relation of RFC 5231, {@code :regex} of draft-ietf-sieve-regex). {@code :matches}
 * runs in time proportional to the product of pattern and value length at worst (it only ever backtracks to the
 * last {@code *}): no user pattern can make it exponential. {@code :regex} runs on the JDK's backtracking engine
 * over a {@link BudgetedText} that charges every character it reads to the run's {@link MatchBudget}, so a
 * catastrophic pattern ends the run with an error (and the message kept) after a bounded number of steps.
 */
record SieveMatch(Type type, Comparator comparator, Relation relation) {
    enum Type { IS, CONTAINS, MATCHES, COUNT, VALUE, REGEX }

    enum Comparator { OCTET, ASCII_CASEMAP, ASCII_NUMERIC }

    enum Relation {
        GT, GE, LT, LE, EQ, NE;

        boolean holds(int comparison) {
            return switch (this) {
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                case EQ -> comparison == 0;
                case NE -> comparison != 0;
            };
        }
    }

    static final Map<String, SieveArguments.Kind> TAGS = Map.of(
            "comparator", SieveArguments.Kind.STRING,
            "is", SieveArguments.Kind.FLAG, "contains", SieveArguments.Kind.FLAG, "matches", SieveArguments.Kind.FLAG,
            "count", SieveArguments.Kind.STRING, "value", SieveArguments.Kind.STRING, "regex", SieveArguments.Kind.FLAG);
    static final Set<String> TYPE_TAGS = Set.of("is", "contains", "matches", "count", "value", "regex");

    /** Reads the match type and comparator tags of a test; checks the extensions they need were required. */
    static SieveMatch of(SieveArguments arguments, Set<String> required, Position at) throws SieveException {
        Type type = Type.IS;
        Relation relation = Relation.EQ;
        if (arguments.has("contains")) {
            type = Type.CONTAINS;
        } else if (arguments.has("matches")) {
            type = Type.MATCHES;
        } else if (arguments.has("regex")) {
            if (!required.contains("regex")) {
                throw new SieveException(at, ":regex needs require \"regex\"");
            }
            type = Type.REGEX;
        } else if (arguments.has("count") || arguments.has("value")) {
            if (!required.contains("relational")) {
                throw new SieveException(at, ":count and :value need require \"relational\"");
            }
            type = arguments.has("count") ? Type.COUNT : Type.VALUE;
            String name = arguments.string(type == Type.COUNT ? "count" : "value").orElseThrow();
            try {
                relation = Relation.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SieveException(at, "unknown relation \"" + name + "\" (gt, ge, lt, le, eq or ne)");
            }
        }
        Comparator comparator = Comparator.ASCII_CASEMAP;
        Optional<String> named = arguments.string("comparator");
        if (named.isPresent()) {
            comparator = switch (named.get().toLowerCase(Locale.ROOT)) {
                case "i;octet" -> Comparator.OCTET;
                case "i;ascii-casemap" -> Comparator.ASCII_CASEMAP;
                case "i;ascii-numeric" -> {
                    if (!required.contains("comparator-i;ascii-numeric")) {
                        throw new SieveException(at, "i;ascii-numeric needs require \"comparator-i;ascii-numeric\"");
                    }
                    yield Comparator.ASCII_NUMERIC;
                }
                default -> throw new SieveException(at, "unknown comparator \"" + named.get() + "\"");
            };
        }
        if (comparator == Comparator.ASCII_NUMERIC && (type == Type.CONTAINS || type == Type.MATCHES || type == Type.REGEX)) {
            throw new SieveException(at, "i;ascii-numeric supports only :is, :count and :value");
        }
        return new SieveMatch(type, comparator, relation);
    }

    /**
     * Whether any value matches any key. {@code captures} receives the wildcard matches of the first successful
     * {@code :matches} (RFC 5229 §3.2: ${0} the whole value, ${1}... each wildcard), when not null.
     */
    boolean test(List<String> values, List<String> keys, List<String> captures, MatchBudget budget) {
        if (type == Type.COUNT) {
            String count = String.valueOf(values.size());
            for (String key : keys) {
                if (relation.holds(compareNumeric(count, key))) {
                    return true;
                }
            }
            return false;
        }
        for (String value : values) {
            for (String key : keys) {
                if (one(value, key, captures, budget)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean one(String value, String key, List<String> captures, MatchBudget budget) {
        return switch (type) {
            case IS -> compare(value, key) == 0;
            case VALUE -> relation.holds(compare(value, key));
            case CONTAINS -> contains(value, key, budget);
            case MATCHES -> matches(value, key, captures, budget);
            case REGEX -> regex(value, key, captures, budget);
            case COUNT -> throw new IllegalStateException("counted above");
        };
    }

    /** The most groups a {@code :regex} hands to ${1}...${9}. */
    private static final int MAX_GROUPS = 9;

    private boolean regex(String value, String key, List<String> captures, MatchBudget budget) {
        Pattern pattern = compileRegex(key, comparator).orElseThrow(() -> new MatchBudget.Exhausted(
                "\"" + (key.length() > 60 ? key.substring(0, 60) + "..." : key) + "\" is not a valid regular expression"));
        try {
            Matcher matcher = pattern.matcher(new BudgetedText(value, 0, value.length(), budget));
            if (!matcher.find()) {
                return false;
            }
            if (captures != null) {
                captures.clear();
                for (int g = 0; g <= Math.min(matcher.groupCount(), MAX_GROUPS); g++) {
                    String group = matcher.group(g);
                    captures.add(group == null ? "" : group);
                }
            }
            return true;
        } catch (StackOverflowError e) {
            throw new MatchBudget.Exhausted("a regular expression recursed too deeply");
        }
    }

    /**
     * A POSIX extended regular expression (what draft-ietf-sieve-regex names) as a JDK pattern: bracket
     * expressions are rewritten (character classes such as {@code [:alpha:]}, a literal backslash, {@code &} and
     * {@code [}); everything else has the same meaning in both. Empty when the pattern does not compile.
     */
    static Optional<Pattern> compileRegex(String posix, Comparator comparator) {
        StringBuilder java = new StringBuilder(posix.length() + 16);
        int i = 0;
        while (i < posix.length()) {
            char c = posix.charAt(i);
            if (c == '\\' && i + 1 < posix.length()) {
                java.append(c).append(posix.charAt(i + 1));
                i += 2;
            } else if (c == '[') {
                i = bracket(posix, i, java);
                if (i < 0) {
                    return Optional.empty();
                }
            } else {
                java.append(c);
                i++;
            }
        }
        try {
            return Optional.of(Pattern.compile(java.toString(),
                    comparator == Comparator.OCTET ? 0 : Pattern.CASE_INSENSITIVE));
        } catch (PatternSyntaxException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(Map.entry("alpha", "\\p{Alpha}"),
            Map.entry("digit", "\\p{Digit}"), Map.entry("alnum", "\\p{Alnum}"), Map.entry("upper", "\\p{Upper}"),
            Map.entry("lower", "\\p{Lower}"), Map.entry("space", "\\s"), Map.entry("blank", "\\p{Blank}"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("print", "\\p{Print}"), Map.entry("graph", "\\p{Graph}"),
            Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("xdigit", "\\p{XDigit}"));

    /** Copies the bracket expression starting at {@code open}; returns the index after it, -1 if it never closes. */
    private static int bracket(String posix, int open, StringBuilder java) {
        java.append('[');
        int i = open + 1;
        if (i < posix.length() && posix.charAt(i) == '^') {
            java.append('^');
            i++;
        }
        boolean first = true;
        while (i < posix.length()) {
            char c = posix.charAt(i);
            if (c == ']' && !first) {
                java.append(']');
                return i + 1;
            }
            first = false;
            if (c == '[' && i + 1 < posix.length() && posix.charAt(i + 1) == ':') {
                int close = posix.indexOf(":]", i + 2);
                String name = close < 0 ? null : POSIX_CLASSES.get(posix.substring(i + 2, close));
                if (name == null) {
                    return -1;
                }
                java.append(name);
                i = close + 2;
                continue;
            }
            if (c == '\\' || c == '[' || c == ']' || c == '&') {
                java.append('\\');
            }
            java.append(c);
            i++;
        }
        return -1;
    }

    /** The text a regular expression reads, one budget step per character it looks at. */
    private record BudgetedText(String text, int start, int end, MatchBudget budget) implements CharSequence {
        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            budget.spend(1);
            return text.charAt(start + index);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new BudgetedText(text, start + from, start + to, budget);
        }

        @Override
        public String toString() {
            budget.spend(end - start);
            return text.substring(start, end);
        }
    }

    private int compare(String value, String key) {
        return switch (comparator) {
            case OCTET -> value.compareTo(key);
            case ASCII_CASEMAP -> fold(value).compareTo(fold(key));
            case ASCII_NUMERIC -> compareNumeric(value, key);
        };
    }

    /** RFC 4790 §9.1: the leading digits as a number; a value without digits is positive infinity. */
    static int compareNumeric(String value, String key) {
        String a = leadingDigits(value);
        String b = leadingDigits(key);
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() == b.isEmpty() ? 0 : a.isEmpty() ? 1 : -1;
        }
        a = stripZeros(a);
        b = stripZeros(b);
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static String leadingDigits(String text) {
        int end = 0;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
            end++;
        }
        return text.substring(0, end);
    }

    private static String stripZeros(String digits) {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        return digits.substring(start);
    }

    private boolean contains(String value, String key, MatchBudget budget) {
        budget.spend((long) value.length() + key.length());
        return comparator == Comparator.OCTET ? value.contains(key) : fold(value).contains(fold(key));
    }

    private boolean same(char a, char b) {
        return comparator == Comparator.OCTET ? a == b : foldChar(a) == foldChar(b);
    }

    /**
     * Wildcard match: {@code *} any sequence, {@code ?} one character, {@code \} quotes the next. Each wildcard
     * takes as little as it can, left to right, which is what RFC 5229's examples expect of ${1}, ${2}....
     */
    private boolean matches(String value, String pattern, List<String> captures, MatchBudget budget) {
        List<Character> tokens = new ArrayList<>(pattern.length());
        List<Boolean> literal = new ArrayList<>(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                tokens.add(pattern.charAt(++i));
                literal.add(true);
            } else {
                tokens.add(c);
                literal.add(c != '*' && c != '?');
            }
        }
        int wildcards = 0;
        int[] wildcardOf = new int[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            wildcardOf[i] = literal.get(i) ? -1 : wildcards++;
        }
        int[] start = new int[wildcards];
        int[] end = new int[wildcards];
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = 0;
        while (t < value.length() || p < tokens.size()) {
            budget.spend(1);
            if (p < tokens.size()) {
                char c = tokens.get(p);
                if (!literal.get(p) && c == '*') {
                    int w = wildcardOf[p];
                    start[w] = t;
                    end[w] = t;
                    starP = p;
                    starT = t;
                    p++;
                    continue;
                }
                if (t < value.length() && (!literal.get(p) || same(c, value.charAt(t)))) {
                    if (!literal.get(p)) {
                        start[wildcardOf[p]] = t;
                        end[wildcardOf[p]] = t + 1;
                    }
                    p++;
                    t++;
                    continue;
                }
            }
            if (starP >= 0 && starT < value.length()) {
                starT++;
                end[wildcardOf[starP]] = starT;
                p = starP + 1;
                t = starT;
                continue;
            }
            return false;
        }
        if (captures != null) {
            captures.clear();
            captures.add(value);
            for (int w = 0; w < wildcards; w++) {
                captures.add(value.substring(start[w], end[w]));
            }
        }
        return true;
    }

    static String fold(String text) {
        StringBuilder folded = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (folded == null) {
                    folded = new StringBuilder(text);
                }
                folded.setCharAt(i, (char) (c + 32));
            }
        }
        return folded == null ? text : folded.toString();
    }

    private static char foldChar(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** Steps a script may spend comparing for one message; exhausted, the script stops with an error. */
    static final class MatchBudget {
        static final class Exhausted extends RuntimeException {
            Exhausted() {
                this("the script compared more than its budget allows");
            }

            Exhausted(String message) {
                super(message, null, false, false);
            }
        }

        private long left;

        MatchBudget(long steps) {
            this.left = steps;
        }

        void spend(long steps) {
            left -= steps;
            if (left < 0) {
                throw new Exhausted();
            }
        }
    }
}
