package dev.mailwright.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The distinct words of a text, and a needle's parts, split at the ASCII characters that are not letters or digits. */
class SearchWordsTest {
    @Test
    void aBodysTrigramsShouldBeThoseInsideItsWordsEachOnce() {
        assertThat(trigrams(SearchWords.bodyTrigrams("the zebra, the road; the zebra.\r\nthe end")))
                .containsExactlyInAnyOrder("the", "zeb", "ebr", "bra", "roa", "oad", "end");
        assertThat(SearchWords.bodyTrigrams("")).isEmpty();
        assertThat(SearchWords.bodyTrigrams(" ,;\r\nab cd")).as("no word of three").isEmpty();
        // code points, not UTF-16 units: a character outside the BMP is one of the three
        assertThat(trigrams(SearchWords.bodyTrigrams("a\uD83D\uDE00b"))).containsExactly("a\uD83D\uDE00b");
        assertThat(SearchWords.codePoints(SearchWords.trigram(0x10FFFF, 0, 0x1F600))).containsExactly(0x10FFFF, 0, 0x1F600);
    }

    /**
     * The in-place tables against the obvious version: split, keep each word once, take every trigram of each; random
     * texts, some long enough that the tables grow several times.
     */
    @Test
    void theTrigramsAndCodesShouldBeThoseOfASplitAndAHashSet() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "abcde1 ,.\r\nüß_-";
        for (int round = 0; round < 2_000; round++) {
            String text = randomText(random, alphabet, random.nextInt(round < 1_000 ? 40 : 3_000));
            java.util.Set<String> words = new java.util.LinkedHashSet<>();
            java.util.Set<String> expected = new java.util.HashSet<>();
            for (String word : text.split("[\\x00-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f]+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                    for (int i = 0; i + 3 <= word.length(); i++) {
                        expected.add(word.substring(i, i + 3));
                    }
                }
            }
            long[] trigrams = SearchWords.bodyTrigrams(text);
            assertThat(trigrams(trigrams)).as(text).hasSize(trigrams.length).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(SearchWords.bodyTrigramCodes(text)).as(text).isEqualTo(SearchWords.trigramCodes(words));
        }
    }

    /**
     * A row's codes (V37): the header's below zero, each a code of the header's words negated apart from every body
     * code (a header needle must never meet a body trigram, nor the reverse), then the body's; ascending, so the
     * header's come first.
     */
    @Test
    void aRowsCodesShouldBeTheHeadersBelowZeroThenTheBodys() {
        String header = "from: carol <carol@example.org>\nsubject: zebra news";
        String body = "the zebra crossed";
        int[] row = SearchWords.rowTrigramCodes(body, header);
        java.util.List<Integer> expected = new java.util.ArrayList<>();
        for (int code : SearchWords.bodyTrigramCodes(header)) {
            expected.add(-code - 1);
        }
        for (int code : SearchWords.bodyTrigramCodes(body)) {
            expected.add(code);
        }
        assertThat(row).isSorted().containsExactlyInAnyOrder(expected.stream().mapToInt(Integer::intValue).toArray());
        assertThat(row).contains(SearchWords.code('z', 'e', 'b'), SearchWords.headerCode(SearchWords.code('z', 'e', 'b')),
                SearchWords.headerCode(SearchWords.code('c', 'a', 'r'))).doesNotContain(SearchWords.code('c', 'a', 'r'));
        assertThat(SearchWords.rowTrigramCodes(body, "")).isEqualTo(SearchWords.bodyTrigramCodes(body));
        assertThat(SearchWords.rowTrigramCodes(body, null)).isEqualTo(SearchWords.bodyTrigramCodes(body));
        // the extremes: every code is in [0, 2^31 - 2], so its header code is in [-(2^31 - 1), -1]
        assertThat(SearchWords.headerCode(0)).isEqualTo(-1);
        assertThat(SearchWords.headerCode(Integer.MAX_VALUE - 1)).isEqualTo(Integer.MIN_VALUE + 1);
        int top = SearchWords.code(0x10FFFF, 0x10FFFF, 0x10FFFF);
        assertThat(top).isNotNegative();
        assertThat(SearchWords.headerCode(top)).isNegative();
        assertThat(SearchWords.headerCodes(new int[] {1, 5, 9})).containsExactly(-10, -6, -2);
    }

    @Test
    void everyAsciiCharacterThatIsNoLetterOrDigitShouldSeparateAndNothingElse() {
        assertThat(trigrams(SearchWords.bodyTrigrams("re:budget_2026!x~y\u007fz\tw")))
                .containsExactlyInAnyOrder("bud", "udg", "dge", "get", "202", "026");
        assertThat(trigrams(SearchWords.bodyTrigrams("grüße\u00a0straße"))).as("non-ASCII stays inside a word")
                .contains("üße", "ße\u00a0", "e\u00a0s", "\u00a0st");
        for (char c = 0; c < 0x80; c++) {
            assertThat(SearchWords.separates(c)).as("char %d", (int) c).isEqualTo(!Character.isLetterOrDigit(c));
        }
        assertThat(SearchWords.separates('ä')).isFalse();
    }

    /** Trigrams as strings, in the order given. */
    private static List<String> trigrams(long[] trigrams) {
        List<String> strings = new java.util.ArrayList<>();
        for (long trigram : trigrams) {
            StringBuilder s = new StringBuilder();
            for (int codePoint : SearchWords.codePoints(trigram)) {
                s.appendCodePoint(codePoint);
            }
            strings.add(s.toString());
        }
        return strings;
    }

    @Test
    void aNeedleShouldKeepOnlyPartsLongEnoughToNarrow() {
        assertThat(SearchWords.parts("budget, approved", 3)).containsExactly("budget", "approved");
        assertThat(SearchWords.parts("ebra cr", 3)).containsExactly("ebra");
        assertThat(SearchWords.parts("a.b.c", 3)).isEmpty();
        assertThat(SearchWords.parts("100%_off", 3)).containsExactly("100", "off");
        assertThat(SearchWords.parts("äöü", 3)).containsExactly("äöü");
        String many = "word ".repeat(40) + "longest longer";
        assertThat(SearchWords.parts(many, 3)).hasSize(SearchWords.MAX_PARTS).startsWith("longest", "longer");
    }

    @Test
    void theCodesShouldBeTheTrigramsInsideEachWordOnceAscending() {
        int[] codes = SearchWords.trigramCodes(List.of("zebra", "road", "zebra", "ab"));
        assertThat(codes).isSorted().containsExactlyInAnyOrder(SearchWords.code('z', 'e', 'b'),
                SearchWords.code('e', 'b', 'r'), SearchWords.code('b', 'r', 'a'), SearchWords.code('r', 'o', 'a'),
                SearchWords.code('o', 'a', 'd'));
        assertThat(SearchWords.trigramCodes(List.of())).isEmpty();
        assertThat(SearchWords.trigramCodes(List.of("ab", "cd"))).as("words shorter than a trigram").isEmpty();
        // code points, not UTF-16 units: a character outside the BMP is one of the three
        assertThat(SearchWords.trigramCodes(List.of("a\uD83D\uDE00b"))).containsExactly(SearchWords.code('a', 0x1F600, 'b'));
        assertThat(SearchWords.code(0x10FFFF, 0x10FFFF, 0x10FFFF)).isNotNegative();
    }

    /** Every trigram of every part of a needle found in a text is among the text's codes: the index never misses. */
    @Test
    void aTextHoldingTheNeedleShouldHoldEveryCodeOfItsParts() {
        java.util.Random random = new java.util.Random(11);
        String alphabet = "abcdeü1 ,.\r\n";
        for (int round = 0; round < 2_000; round++) {
            String text = randomText(random, alphabet, 1 + random.nextInt(400));
            int from = random.nextInt(text.length());
            String needle = text.substring(from, Math.min(text.length(), from + 1 + random.nextInt(30)));
            java.util.Set<Integer> held = java.util.Arrays.stream(SearchWords.bodyTrigramCodes(text))
                    .boxed().collect(java.util.stream.Collectors.toSet());
            int[] wanted = SearchWords.needleCodes(SearchWords.parts(needle, 3));
            assertThat(held).as("%s in %s", needle, text).containsAll(java.util.Arrays.stream(wanted).boxed().toList());
        }
        String longNeedle = java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining());
        assertThat(SearchWords.needleCodes(SearchWords.parts(longNeedle, 3))).hasSize(SearchWords.MAX_NEEDLE_CODES);
    }

    private static String randomText(java.util.Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
