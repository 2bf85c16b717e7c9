package dev.mailwright.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New rows are added to the index without a look-up of their id (issue 17: replacing by id cost a point query per
 * document at every flush). Every caller adds an id the index does not hold; should one ever be added twice, an
 * answer still names it once, and a deletion removes both documents.
 */
class LuceneSearchIndexAddTest {
    private static final long ACCOUNT = 3;

    @Test
    void anIdAddedTwiceShouldBeAnsweredOnceAndDeletedWhole(@TempDir Path dir) throws Exception {
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir)) {
            index.inserted(5, ACCOUNT, "a zebra crossing", "subject: stripes\n", true);
            index.inserted(9, ACCOUNT, "a zebra again", "subject: more stripes\n", true);
            index.inserted(5, ACCOUNT, "a zebra crossing", "subject: stripes\n", true);

            assertThat(index.allIds()).containsExactly(5L, 9L);
            SearchIndex.MessageIds body = (SearchIndex.MessageIds) index.narrowing(ACCOUNT, SearchIndex.Part.BODY, "zebra")
                    .orElseThrow();
            assertThat(body.ascending()).containsExactly(5L, 9L);
            SearchIndex.MessageIds subject = (SearchIndex.MessageIds) index.fieldNarrowing(ACCOUNT, "subject", "stripes")
                    .orElseThrow();
            assertThat(subject.ascending()).containsExactly(5L, 9L);

            index.delete(new long[] {5});
            assertThat(index.allIds()).containsExactly(9L);
        }
    }

    @Test
    void distinctShouldDropRepeatsOfASortedArray() {
        assertThat(LuceneSearchIndex.distinct(new long[] {})).isEmpty();
        assertThat(LuceneSearchIndex.distinct(new long[] {1, 1, 2, 3, 3, 3, 7})).containsExactly(1, 2, 3, 7);
        long[] unique = {2, 4, 8};
        assertThat(LuceneSearchIndex.distinct(unique)).isSameAs(unique);
    }
}
