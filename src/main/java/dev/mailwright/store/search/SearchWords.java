package dev.mailwright.store.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The distinct words of a folded text, for PostgreSQL's trigram index (V35, {@code message.search_words}).
 *
 * <p>pg_trgm takes its trigrams word by word, so the distinct words of a body carry every trigram the whole body
 * does, and a long body repeats its words many times: the index over the words costs a fraction of the index over
 * the body. A word here is a run of characters between ASCII characters that are neither letters nor digits (all of
 * them separate words for pg_trgm too); other characters stay inside the word. A needle is split at the same
 * characters: each of its parts lies inside one word of any text that contains the needle, so "the words hold every
 * part" is a necessary condition, and the body's own {@code LIKE} decides.
 */
final class SearchWords {
    /** The separator written between words: itself a word separator, so no trigram spans two words. */
    private static final char BETWEEN = ' ';

    private SearchWords() {
    }

    /** The distinct words of {@code folded}, in order of first appearance, one space between each. */
    static String of(String folded) {
        Set<String> words = new LinkedHashSet<>();
        forEachWord(folded, words::add);
        StringBuilder out = new StringBuilder(Math.min(folded.length(), 16 * words.size()));
        for (String word : words) {
            if (!out.isEmpty()) {
                out.append(BETWEEN);
            }
            out.append(word);
        }
        return out.toString();
    }

    /** The parts of a folded needle at least {@code minLength} code points long (shorter parts narrow nothing). */
    static List<String> parts(String folded, int minLength) {
        List<String> parts = new ArrayList<>();
        forEachWord(folded, part -> {
            if (part.codePointCount(0, part.length()) >= minLength) {
                parts.add(part);
            }
        });
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
