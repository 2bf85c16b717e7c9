package dev.mailwright.imap.processor;

import java.util.HashMap;
import java.util.Map;

/**
 * A LIST/LSUB mailbox pattern (RFC 3501 §6.3.8): {@code *} matches any run of characters, {@code %} any run
 * without the hierarchy delimiter {@code /}; everything else matches itself, except a leading {@code INBOX},
 * which matches in any case as the name INBOX does.
 *
 * <p>No regex: the pattern is a small automaton whose state set lives in a bit set and moves one name
 * character at a time (shift-and), so a match costs the name's length times a word per 64 pattern positions,
 * whatever the client sends, and never recurses. Adjacent wildcards are merged first ({@code %*} is {@code *},
 * {@code %%} is {@code %}), which is what lets the empty-match closure be a single shift.
 */
final class MailboxPattern {
    private static final char DELIMITER = '/';
    private static final String INBOX = "INBOX";

    /** Bit j set: position j of the merged pattern is {@code *} (resp. {@code %}). */
    private final long[] star;
    private final long[] percent;
    private final long[] wildcard;
    /** Bit j set in {@code literals.get(c)}: position j is the literal {@code c}. */
    private final Map<Character, long[]> literals = new HashMap<>();
    private final int length;

    private MailboxPattern(String merged) {
        length = merged.length();
        int words = (length + 1 + 63) / 64;   // states 0..length
        star = new long[words];
        percent = new long[words];
        wildcard = new long[words];
        for (int j = 0; j < length; j++) {
            char c = merged.charAt(j);
            switch (c) {
                case '*' -> set(star, j);
                case '%' -> set(percent, j);
                default -> set(literals.computeIfAbsent(c, k -> new long[words]), j);
            }
        }
        for (int w = 0; w < words; w++) {
            wildcard[w] = star[w] | percent[w];
        }
    }

    /** The full pattern of a LIST command: the reference, the delimiter if neither side brings one, the pattern. */
    static String join(String reference, String pattern) {
        return reference.isEmpty() || reference.endsWith("/") || pattern.startsWith("/")
                ? reference + pattern : reference + "/" + pattern;
    }

    /** Counts the wildcards of a full pattern, as the configured limit counts them. */
    static int wildcards(String full) {
        int n = 0;
        for (int i = 0; i < full.length(); i++) {
            char c = full.charAt(i);
            if (c == '*' || c == '%') {
                n++;
            }
        }
        return n;
    }

    static MailboxPattern compile(String full) {
        StringBuilder merged = new StringBuilder(full.length());
        int start = 0;
        if (full.regionMatches(true, 0, INBOX, 0, INBOX.length())
                && (full.length() == INBOX.length() || "/%*".indexOf(full.charAt(INBOX.length())) >= 0)) {
            merged.append(INBOX);
            start = INBOX.length();
        }
        for (int i = start; i < full.length(); i++) {
            char c = full.charAt(i);
            if ((c == '*' || c == '%') && !merged.isEmpty()) {
                char last = merged.charAt(merged.length() - 1);
                if (last == '*' || last == '%') {
                    merged.setCharAt(merged.length() - 1, last == '*' || c == '*' ? '*' : '%');
                    continue;
                }
            }
            merged.append(c);
        }
        return new MailboxPattern(merged.toString());
    }

    boolean matches(String name) {
        long[] states = new long[star.length];
        long[] next = new long[star.length];
        set(states, 0);
        closeOverEmpty(states);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            long[] literal = literals.get(c);
            boolean any = false;
            long carry = 0;
            for (int w = 0; w < states.length; w++) {
                long advanced = literal == null ? 0 : states[w] & literal[w];
                long stay = states[w] & (c == DELIMITER ? star[w] : wildcard[w]);
                next[w] = (advanced << 1) | carry | stay;
                carry = advanced >>> 63;
                any |= next[w] != 0;
            }
            if (!any) {
                return false;
            }
            closeOverEmpty(next);
            long[] swap = states;
            states = next;
            next = swap;
        }
        return (states[length >>> 6] & (1L << (length & 63))) != 0;
    }

    /** A wildcard may match nothing: an active wildcard position also activates the one after it. */
    private void closeOverEmpty(long[] states) {
        long carry = 0;
        for (int w = 0; w < states.length; w++) {
            long onWildcard = states[w] & wildcard[w];
            long shifted = (onWildcard << 1) | carry;
            carry = onWildcard >>> 63;
            states[w] |= shifted;
        }
    }

    private static void set(long[] bits, int j) {
        bits[j >>> 6] |= 1L << (j & 63);
    }
}
