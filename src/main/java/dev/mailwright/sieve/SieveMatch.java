package dev.mailwright.sieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.mailwright.sieve.SieveSyntax.Position;

/**
 * How a test compares: a comparator (RFC 4790 names: {@code i;octet}, {@code i;ascii-casemap}, {@code
 * i;ascii-numeric}) and a match type ({@code :is}, {@code :contains}, {@code :matches} of RFC 5228, {@code :count}
 * and {@code :value} with a relation of RFC 5231). {@code :matches} runs in time proportional to the product of
 * pattern and value length at worst (it only ever backtracks to the last {@code *}): no user pattern can make it
 * exponential.
 */
record SieveMatch(Type type, Comparator comparator, Relation relation) {
    enum Type { IS, CONTAINS, MATCHES, COUNT, VALUE }

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
            "count", SieveArguments.Kind.STRING, "value", SieveArguments.Kind.STRING);
    static final Set<String> TYPE_TAGS = Set.of("is", "contains", "matches", "count", "value");

    /** Reads the match type and comparator tags of a test; checks the extensions they need were required. */
    static SieveMatch of(SieveArguments arguments, Set<String> required, Position at) throws SieveException {
        Type type = Type.IS;
        Relation relation = Relation.EQ;
        if (arguments.has("contains")) {
            type = Type.CONTAINS;
        } else if (arguments.has("matches")) {
            type = Type.MATCHES;
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
        if (comparator == Comparator.ASCII_NUMERIC && (type == Type.CONTAINS || type == Type.MATCHES)) {
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
            case COUNT -> throw new IllegalStateException("counted above");
        };
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
                super("the script compared more than its budget allows", null, false, false);
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
