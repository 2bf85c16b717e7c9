package dev.mailwright.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The distinct words of a text, and a needle's parts, split at the ASCII characters that are not letters or digits. */
class SearchWordsTest {
    @Test
    void aWordShouldAppearOnceInOrderOfItsFirstAppearance() {
        assertThat(SearchWords.of("the zebra, the road; the zebra.\r\nthe end")).isEqualTo("the zebra road end");
        assertThat(SearchWords.of("")).isEmpty();
        assertThat(SearchWords.of(" ,;\r\n")).isEmpty();
    }

    /** The in-place table against the obvious version: split, keep the first of each, join; random texts. */
    @Test
    void theWordsShouldBeThoseOfASplitAndAHashSet() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "abcde1 ,.\r\nüß_-";
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(round < 1_000 ? 40 : 3_000);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            java.util.Set<String> expected = new java.util.LinkedHashSet<>();
            for (String word : text.toString().split("[\\x00-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f]+")) {
                if (!word.isEmpty()) {
                    expected.add(word);
                }
            }
            assertThat(SearchWords.of(text.toString())).as(text.toString()).isEqualTo(String.join(" ", expected));
        }
    }

    @Test
    void everyAsciiCharacterThatIsNoLetterOrDigitShouldSeparateAndNothingElse() {
        assertThat(SearchWords.of("re:budget_2026!x~y\u007fz\tw")).isEqualTo("re budget 2026 x y z w");
        assertThat(SearchWords.of("grüße\u00a0straße schöne")).as("non-ASCII stays inside a word")
                .isEqualTo("grüße\u00a0straße schöne");
        for (char c = 0; c < 0x80; c++) {
            assertThat(SearchWords.separates(c)).as("char %d", (int) c).isEqualTo(!Character.isLetterOrDigit(c));
        }
        assertThat(SearchWords.separates('ä')).isFalse();
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
}
