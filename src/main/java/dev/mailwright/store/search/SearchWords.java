package dev.mailwright.store.search;

import java.util.ArrayList;
import java.util.List;

/**
 * The distinct words of a folded text, what the trigram indexes of a body are built from: PostgreSQL's (V36,
 * {@code message.search_grams}: the codes of the words' trigrams) and the Lucene index's body field (the words'
 * distinct trigrams); and the distinct trigrams of the header's lines, the Lucene index's header field, and the
 * codes of the header's words, below the body's in PostgreSQL's {@code search_grams} (V37).
 *
 * <p>pg_trgm takes its trigrams word by word, so the distinct words of a body carry every trigram the whole body
 * does within its words, and a long body repeats its words many times: the index over the words costs a fraction of
 * the index over the body. A word here is a run of characters between ASCII characters that are neither letters
 * nor digits (all of them separate words for pg_trgm too); other characters stay inside the word. A needle is split
 * at the same characters: each of its parts lies inside one word of any text that contains the needle, so "the words
 * hold every part" is a necessary condition, and the body's own {@code LIKE} decides.
 */
final class SearchWords {
    private SearchWords() {
    }

    /**
     * The distinct trigrams inside the distinct words of {@code folded}, each as its three code points in one long
     * ({@link #trigram}), in no particular order: the terms of the Lucene index's body field. Exact, unlike the codes
     * (no two trigrams share a value). A word seen before is found by its characters in place (an open-addressing
     * table of the first occurrences' offsets), so a long body that repeats its words allocates nothing per word.
     */
    static long[] bodyTrigrams(String folded) {
        // prose holds up to about a fifth of its length in distinct trigrams: sized for that, the table rarely grows
        TrigramSet trigrams = new TrigramSet(folded.length() / 4);
        forEachDistinctWord(folded, (start, end) -> trigrams.addWord(folded, start, end));
        return trigrams.toArray();
    }

    /**
     * The distinct trigrams of every line of {@code folded} (lines end at {@code '\n'}; white space and punctuation
     * are characters of the trigram like any other), as {@link #bodyTrigrams} packs them: the terms of the Lucene
     * index's header field, whose needles are looked up with their spaces.
     */
    static long[] lineTrigrams(String folded) {
        TrigramSet trigrams = new TrigramSet(folded.length() / 2);
        int start = 0;
        while (start < folded.length()) {
            int end = folded.indexOf('\n', start);
            end = end < 0 ? folded.length() : end;
            trigrams.addWord(folded, start, end);
            start = end + 1;
        }
        return trigrams.toArray();
    }

    /** Receives three consecutive code points. */
    private interface TrigramSink {
        void trigram(int a, int b, int c);
    }

    /** Every three consecutive code points of {@code text} between {@code start} and {@code end}, in order. */
    private static void forEachTrigram(String text, int start, int end, TrigramSink sink) {
        int a = -1;
        int b = -1;
        for (int i = start; i < end; ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (a >= 0) {
                sink.trigram(a, b, c);
            }
            a = b;
            b = c;
        }
    }

    /** The bits of one code point in a {@link #trigram}: Unicode needs 21. */
    private static final int CODE_POINT_BITS = 0x1f_ffff;

    /** Three code points in one long, 21 bits each. */
    static long trigram(int a, int b, int c) {
        return (long) a << 42 | (long) b << 21 | c;
    }

    /** The code points of a {@link #trigram}. */
    static int[] codePoints(long trigram) {
        return new int[] {(int) (trigram >>> 42), (int) (trigram >>> 21) & CODE_POINT_BITS,
                (int) trigram & CODE_POINT_BITS};
    }

    /** The trigrams of words as they are added, each kept once (open addressing; a slot holds its trigram + 1). */
    private static final class TrigramSet {
        private long[] slots;
        private int count;

        TrigramSet(int expected) {
            slots = new long[tableSize(expected)];
        }

        void addWord(String text, int start, int end) {
            forEachTrigram(text, start, end, (a, b, c) -> add(trigram(a, b, c)));
        }

        private void add(long trigram) {
            long stored = trigram + 1;
            int mask = slots.length - 1;
            int slot = mix(trigram) & mask;
            while (slots[slot] != 0) {
                if (slots[slot] == stored) {
                    return;
                }
                slot = (slot + 1) & mask;
            }
            slots[slot] = stored;
            if (++count * 2 > slots.length) {
                grow();
            }
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            int mask = slots.length - 1;
            for (long stored : old) {
                if (stored != 0) {
                    int slot = mix(stored - 1) & mask;
                    while (slots[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    slots[slot] = stored;
                }
            }
        }

        private static int mix(long trigram) {
            long h = trigram * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 32) ^ (int) h;
        }

        long[] toArray() {
            long[] trigrams = new long[count];
            int at = 0;
            for (long stored : slots) {
                if (stored != 0) {
                    trigrams[at++] = stored - 1;
                }
            }
            return trigrams;
        }
    }

    /**
     * {@link #trigramCodes} of the distinct words of {@code folded}, without their string: each word's codes taken
     * where it first appears in the body. (Through {@link #bodyTrigrams} instead, a 2 KB body's codes took half as long
     * again, a 50 KB body's a third less: PostgreSQL's bodies are mostly small.)
     */
    static int[] bodyTrigramCodes(String folded) {
        Codes codes = new Codes(Math.min(folded.length(), 4096));
        forEachDistinctWord(folded, (start, end) -> codes.addWord(folded, start, end));
        return codes.distinctAscending();
    }

    /**
     * A row's {@code message.search_grams} (V37): the body's {@link #bodyTrigramCodes} and those of its search header
     * text (the same rule over the header's words), the header's as {@link #headerCode}s, so that one GIN index
     * serves both parts and a header needle never meets a body's trigram. Ascending.
     */
    static int[] rowTrigramCodes(String foldedBody, String foldedHeader) {
        int[] body = bodyTrigramCodes(foldedBody);
        if (foldedHeader == null || foldedHeader.isEmpty()) {
            return body;
        }
        int[] header = headerCodes(bodyTrigramCodes(foldedHeader));
        int[] row = java.util.Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, row, header.length, body.length);
        return row;
    }

    /** A header trigram's code in {@code search_grams}: below zero, where no body code is. */
    static int headerCode(int code) {
        return -code - 1;
    }

    /** {@link #headerCode} of each of ascending {@code codes}, ascending. */
    static int[] headerCodes(int[] codes) {
        int[] header = new int[codes.length];
        for (int k = 0; k < codes.length; k++) {
            header[codes.length - 1 - k] = headerCode(codes[k]);
        }
        return header;
    }

    /** Receives each distinct word once, as the range of its first occurrence. */
    private interface WordRange {
        void word(int start, int end);
    }

    private static void forEachDistinctWord(String folded, WordRange sink) {
        int n = folded.length();
        int[] starts = new int[64];
        int[] lengths = new int[64];
        int[] hashes = new int[64];
        int[] slots = new int[tableSize(n / 16)];   // 1 + the index of a first occurrence; 0: empty
        int distinct = 0;
        int i = 0;
        while (i < n) {
            while (i < n && separates(folded.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int start = i;
            int hash = 0;
            while (i < n && !separates(folded.charAt(i))) {
                hash = 31 * hash + folded.charAt(i);
                i++;
            }
            int length = i - start;
            int slot = spread(hash) & (slots.length - 1);
            while (slots[slot] != 0) {
                int seen = slots[slot] - 1;
                if (hashes[seen] == hash && lengths[seen] == length && sameChars(folded, starts[seen], start, length)) {
                    break;
                }
                slot = (slot + 1) & (slots.length - 1);
            }
            if (slots[slot] != 0) {
                continue;   // a word seen before
            }
            if (distinct == starts.length) {
                starts = java.util.Arrays.copyOf(starts, distinct * 2);
                lengths = java.util.Arrays.copyOf(lengths, distinct * 2);
                hashes = java.util.Arrays.copyOf(hashes, distinct * 2);
            }
            starts[distinct] = start;
            lengths[distinct] = length;
            hashes[distinct] = hash;
            slots[slot] = ++distinct;
            if (distinct * 2 > slots.length) {
                slots = rehash(hashes, distinct, slots.length * 2);
            }
            sink.word(start, i);
        }
    }

    /** Whether two words of {@code text} are the same (short ranges: a loop beats {@code String.regionMatches}). */
    private static boolean sameChars(String text, int a, int b, int length) {
        for (int k = 0; k < length; k++) {
            if (text.charAt(a + k) != text.charAt(b + k)) {
                return false;
            }
        }
        return true;
    }

    private static int[] rehash(int[] hashes, int count, int size) {
        int[] slots = new int[size];
        for (int k = 0; k < count; k++) {
            int slot = spread(hashes[k]) & (size - 1);
            while (slots[slot] != 0) {
                slot = (slot + 1) & (size - 1);
            }
            slots[slot] = k + 1;
        }
        return slots;
    }

    /** An open-addressing table's size for {@code expected} entries: a power of two, at least twice as many. */
    private static int tableSize(int expected) {
        return Integer.highestOneBit(Math.clamp(expected, 32, 1 << 24) * 4 - 1);
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16) ^ (hash >>> 7);
    }

    /** Code points in Unicode: the base of a trigram's code. */
    private static final long CODE_POINTS = 0x110000;
    /** The largest prime below 2^31: codes are the residues of a trigram's three code points, as an int. */
    private static final long CODE_MODULUS = 2_147_483_647L;
    /** Trigram codes of one needle the index looks up at most (any subset is a necessary condition too). */
    static final int MAX_NEEDLE_CODES = 48;

    /**
     * The trigram codes of {@code words}: for each three consecutive code points inside a word,
     * {@code ((a * 0x110000 + b) * 0x110000 + c) mod (2^31 - 1)}, distinct and ascending (V36 computes the same in SQL
     * for rows written before). What PostgreSQL's GIN index of the body is over ({@code message.search_grams}, written
     * by {@link #bodyTrigramCodes}): pg_trgm extracted the same trigrams, and more, from the words, at several times the
     * cost (it lower-cases and sorts them again, and pads each word). No padding here: a needle's part lies inside one
     * word of the body, so its own inner trigrams are all that a match needs.
     */
    static int[] trigramCodes(java.util.Collection<String> words) {
        Codes codes = new Codes(16 * words.size());
        for (String word : words) {
            codes.addWord(word, 0, word.length());
        }
        return codes.distinctAscending();
    }

    /** The codes of words' trigrams as they are added, then distinct and ascending. */
    private static final class Codes {
        private int[] codes;
        private int count;

        Codes(int expected) {
            codes = new int[Math.max(16, expected)];
        }

        /** The code of every three consecutive code points of {@code text} between {@code start} and {@code end}. */
        void addWord(String text, int start, int end) {
            forEachTrigram(text, start, end, (a, b, c) -> {
                if (count == codes.length) {
                    codes = java.util.Arrays.copyOf(codes, count * 2);
                }
                codes[count++] = code(a, b, c);
            });
        }

        int[] distinctAscending() {
            java.util.Arrays.sort(codes, 0, count);
            int distinct = 0;
            for (int k = 0; k < count; k++) {
                if (distinct == 0 || codes[k] != codes[distinct - 1]) {
                    codes[distinct++] = codes[k];
                }
            }
            return java.util.Arrays.copyOf(codes, distinct);
        }
    }

    /**
     * Trigram codes that a text holding every one of {@code parts} (from {@link #parts}) has: their inner trigrams'
     * codes, at most {@link #MAX_NEEDLE_CODES} of them (the lowest: any subset is a necessary condition too).
     */
    static int[] needleCodes(List<String> parts) {
        int[] codes = trigramCodes(parts);
        return codes.length <= MAX_NEEDLE_CODES ? codes : java.util.Arrays.copyOf(codes, MAX_NEEDLE_CODES);
    }

    static int code(int a, int b, int c) {
        return (int) (((a * CODE_POINTS + b) * CODE_POINTS + c) % CODE_MODULUS);
    }

    /** Parts of one needle the indexes look up at most: any of them is a necessary condition, so fewer still are. */
    static final int MAX_PARTS = 16;

    /**
     * The parts of a folded needle at least {@code minLength} code points long (shorter parts narrow nothing), the
     * longest {@link #MAX_PARTS} of them when there are more (a long needle must not make a query of thousands of
     * conditions).
     */
    static List<String> parts(String folded, int minLength) {
        List<String> parts = new ArrayList<>();
        forEachWord(folded, part -> {
            if (part.codePointCount(0, part.length()) >= minLength) {
                parts.add(part);
            }
        });
        if (parts.size() > MAX_PARTS) {
            parts.sort(java.util.Comparator.comparingInt(String::length).reversed());
            return List.copyOf(parts.subList(0, MAX_PARTS));
        }
        return parts;
    }

    /** Whether {@code c} ends a word: an ASCII character that is not a letter or digit (the same set in SQL, V35). */
    static boolean separates(char c) {
        return c < 0x80 && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9');
    }

    private static void forEachWord(String text, java.util.function.Consumer<String> sink) {
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            if (separates(text.charAt(i))) {
                if (start >= 0) {
                    sink.accept(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            sink.accept(text.substring(start));
        }
    }
}
