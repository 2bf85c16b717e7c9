package dev.mailwright.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The hand-written whitespace collapse must say exactly what the regex it replaced said. */
class TextCollapseTest {
    private static final Pattern REFERENCE = Pattern.compile("[\\s\\u00a0]+");
    private static final char[] ALPHABET = {'a', 'b', ' ', '\t', '\n', '\r', '\f', 0x0b, '\u00a0', '\u2003', '\u001c',
            '\u3000', 'é', '.', '\uD83D', '\uDE00'};

    @Test
    void collapseShouldTurnEachWhitespaceRunIntoOneSpaceAndStripTheEnds() {
        assertThat(TextExtractor.collapse("  hello \r\n\t world\u00a0\u00a0!  ")).isEqualTo("hello world !");
        assertThat(TextExtractor.collapse("")).isEmpty();
        assertThat(TextExtractor.collapse(" \r\n ")).isEmpty();
    }

    @Test
    void collapseShouldAgreeWithTheRegexDefinitionOnRandomText() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                s.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String text = s.toString();
            assertThat(TextExtractor.collapse(text)).as("collapse(%s)", text.codePoints().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(REFERENCE.matcher(text).replaceAll(" ").strip());
        }
    }

    /** The preview's collapse, which stops reading once its result is known, against collapsing it all, then cutting. */
    @Test
    void collapsedStartShouldBeTheCutOfTheWholeCollapse() {
        SplittableRandom random = new SplittableRandom(9);
        for (int round = 0; round < 50_000; round++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                s.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String text = s.toString();
            int max = random.nextInt(12);
            assertThat(TextExtractor.collapsedStart(text, max))
                    .as("collapsedStart(%s, %d)", text.codePoints().mapToObj(Integer::toHexString).toList(), max)
                    .isEqualTo(TextExtractor.truncate(TextExtractor.collapse(text), max));
        }
        assertThat(TextExtractor.collapsedStart(" \u2003 a  b ".repeat(10_000), 5)).isEqualTo("a b \u2003");
    }
}
