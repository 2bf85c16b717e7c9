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
    }
}
