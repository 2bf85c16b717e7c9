package dev.mailwright.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The body's terms are the distinct trigrams inside its words, the header's those of its lines, written without the
 * analyzer ({@link SearchWords#bodyTrigrams}, {@link SearchWords#lineTrigrams}); a needle is looked up through the
 * analyzer. They must be the same terms: every body or header that holds a needle is among the needle's candidates,
 * and a needle of one trigram inside a word is answered exactly from the body, also for characters outside the BMP
 * and for texts whose words repeat.
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

    @Test
    void everyHeaderHoldingANeedleOnOneLineShouldBeACandidate(@TempDir Path dir) throws Exception {
        Random random = new Random(23);
        String[] headers = new String[200];
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir)) {
            for (int id = 0; id < headers.length; id++) {
                headers[id] = randomText(random, 1 + random.nextInt(id < 100 ? 40 : 800));
                index.inserted(id, ACCOUNT, "body", headers[id], false);
            }
            int narrowed = 0;
            for (int round = 0; round < 400; round++) {
                String header = headers[random.nextInt(headers.length)];
                String[] lines = header.split("\n");
                String line = lines[random.nextInt(lines.length)];
                if (line.codePointCount(0, line.length()) < 3) {
                    continue;
                }
                int from = line.offsetByCodePoints(0, random.nextInt(line.codePointCount(0, line.length()) - 2));
                int to = line.offsetByCodePoints(from, 3 + random.nextInt(Math.min(8, line.codePointCount(from, line.length()) - 2)));
                String needle = line.substring(from, to);
                SearchIndex.MessageIds ids = (SearchIndex.MessageIds) index.narrowing(ACCOUNT, SearchIndex.Part.HEADER,
                        needle).orElseThrow();
                narrowed++;
                for (int id = 0; id < headers.length; id++) {
                    if (java.util.Arrays.stream(headers[id].split("\n")).anyMatch(l -> l.contains(needle))) {
                        assertThat(java.util.Arrays.binarySearch(ids.ascending(), id)).as("header %d holds %s", id, needle)
                                .isNotNegative();
                    }
                }
            }
            assertThat(narrowed).as("needles the index narrowed").isGreaterThan(100);
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
