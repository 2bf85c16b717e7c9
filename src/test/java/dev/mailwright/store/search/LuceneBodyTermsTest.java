package dev.mailwright.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The body's terms are the distinct trigrams inside its words, written without the analyzer
 * ({@link SearchWords#bodyTrigrams}); a needle is looked up through the analyzer. They must be the same terms: every
 * body that holds a needle is among the needle's candidates, and a needle of one trigram inside a word is answered
 * exactly, also for characters outside the BMP and for a body whose words repeat.
 */
class LuceneBodyTermsTest {
    private static final long ACCOUNT = 4;
    private static final String ALPHABET = "abcdeü1\uD83D\uDE00 ,.\n";

    @Test
    void everyBodyHoldingANeedleShouldBeACandidateAndOneTrigramExact(@TempDir Path dir) throws Exception {
        Random random = new Random(17);
        String[] bodies = new String[200];
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir)) {
            for (int id = 0; id < bodies.length; id++) {
                bodies[id] = randomText(random, 1 + random.nextInt(id < 100 ? 60 : 2_000));
                index.inserted(id, ACCOUNT, bodies[id], "subject: s\n", true);
            }
            int narrowed = 0;
            for (int round = 0; round < 400; round++) {
                String body = bodies[random.nextInt(bodies.length)];
                int from = random.nextInt(body.length());
                if (Character.isLowSurrogate(body.charAt(from))) {
                    from--;
                }
                int to = Math.min(body.length(), from + 1 + random.nextInt(12));
                if (Character.isHighSurrogate(body.charAt(to - 1))) {
                    to++;
                }
                String needle = body.substring(from, to);
                var found = index.narrowing(ACCOUNT, SearchIndex.Part.BODY, needle);
                if (found.isEmpty()) {
                    continue;   // no part of three code points: the store scans instead
                }
                narrowed++;
                SearchIndex.MessageIds ids = (SearchIndex.MessageIds) found.get();
                for (int id = 0; id < bodies.length; id++) {
                    boolean holds = bodies[id].contains(needle);
                    boolean candidate = java.util.Arrays.binarySearch(ids.ascending(), id) >= 0;
                    if (holds) {
                        assertThat(candidate).as("body %d holds %s", id, needle).isTrue();
                    }
                    if (ids.undecided().length == 0) {
                        assertThat(candidate).as("exact answer for %s, body %d", needle, id).isEqualTo(holds);
                    }
                }
            }
            assertThat(narrowed).as("needles the index narrowed").isGreaterThan(100);
            var oneTrigram = (SearchIndex.MessageIds) index.narrowing(ACCOUNT, SearchIndex.Part.BODY, "a\uD83D\uDE00b")
                    .orElseThrow();
            assertThat(oneTrigram.undecided()).as("one trigram inside a word is exact").isEmpty();
        }
    }

    private static String randomText(Random random, int codePoints) {
        StringBuilder text = new StringBuilder();
        int[] alphabet = ALPHABET.codePoints().toArray();
        for (int i = 0; i < codePoints; i++) {
            text.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }
}
