package dev.mailwright.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue in front of the Lucene index (issue 17), on a real index in a temporary directory: a queued message is
 * a candidate before the indexer wrote it, the queue's bounds hold (a full queue indexes inline), a deletion is not
 * undone by an earlier queued addition, and close writes what is queued. The application-level search tests
 * ({@link H2SearchIndexTest}, {@code SearchCatchUpTest} for what a crash leaves unindexed) run with the queue on.
 */
@Timeout(60)
class QueuedSearchIndexTest {
    private static final long ACCOUNT = 7;

    @TempDir
    Path dir;

    @Test
    void aQueuedMessageShouldBeACandidateBeforeTheIndexerWroteIt() throws Exception {
        LuceneSearchIndex lucene = new LuceneSearchIndex(dir);
        QueuedSearchIndex queued = new QueuedSearchIndex(lucene, 100, 1_000_000);   // indexer not started yet
        queued.inserted(1, ACCOUNT, "a zebra crossing", "subject: stripes", true);
        queued.inserted(2, ACCOUNT + 1, "another zebra", "subject: other account", true);

        assertThat(lucene.allIds()).isEmpty();
        assertThat(queued.queued()).isEqualTo(2);
        assertThat(ids(queued.narrowing(ACCOUNT, SearchIndex.Part.BODY, "ZEBRA"))).containsExactly(1L);
        assertThat(ids(queued.narrowing(ACCOUNT, SearchIndex.Part.HEADER, "stripes"))).containsExactly(1L);

        queued.start().awaitIndexed();
        assertThat(queued.queued()).isZero();
        assertThat(lucene.allIds()).containsExactly(1L, 2L);
        assertThat(ids(queued.narrowing(ACCOUNT, SearchIndex.Part.BODY, "zebra"))).containsExactly(1L);
        // once written, the index itself decides: a needle the message does not hold names nothing
        assertThat(ids(queued.narrowing(ACCOUNT, SearchIndex.Part.BODY, "okapi"))).isEmpty();
        queued.close();
    }

    @Test
    void queuedMessagesShouldBeDecidedFromTheirTextAsTheIndexDecidesWrittenOnes() throws Exception {
        LuceneSearchIndex lucene = new LuceneSearchIndex(dir);
        QueuedSearchIndex queued = new QueuedSearchIndex(lucene, 100, 1_000_000);   // indexer not started: all stay queued
        lucene.inserted(1, ACCOUNT, "a written zebra", "from: ann <ann@zoo.test>\nsubject: zebra news", true);
        queued.inserted(2, ACCOUNT, "a queued zebra", "from: bob <bob@zoo.test>\nsubject: zebra too", true);
        queued.inserted(3, ACCOUNT, "no stripes here", "from: zebra fan <fan@zoo.test>\nsubject: hello", true);
        queued.inserted(4, ACCOUNT, "garbled", "x-mangled: zebra from: somebody", false);
        queued.inserted(5, ACCOUNT + 1, "another account's zebra", "subject: zebra", true);

        SearchIndex.MessageIds body = (SearchIndex.MessageIds) queued.narrowing(ACCOUNT, SearchIndex.Part.BODY, "Zebra").orElseThrow();
        assertThat(body.ascending()).containsExactly(1L, 2L);
        assertThat(body.decided()).as("a queued body is decided from its text").containsExactly(2L);
        assertThat(body.undecided()).as("a written body holds the needle's trigrams: the store decides").containsExactly(1L);
        SearchIndex.MessageIds oneTrigram = (SearchIndex.MessageIds) queued.narrowing(ACCOUNT, SearchIndex.Part.BODY, "ZEB").orElseThrow();
        assertThat(oneTrigram.ascending()).containsExactly(1L, 2L);
        assertThat(oneTrigram.exact()).as("a body holding a needle of one trigram holds the needle").isTrue();

        SearchIndex.MessageIds subject = (SearchIndex.MessageIds) queued.fieldNarrowing(ACCOUNT, "subject", "zebra").orElseThrow();
        assertThat(subject.ascending()).containsExactly(1L, 2L, 4L);
        assertThat(subject.undecided()).as("only the message whose header lines are not its fields").containsExactly(4L);
        assertThat(subject.decided()).containsExactly(1L, 2L);

        SearchIndex.MessageIds from = (SearchIndex.MessageIds) queued.fieldNarrowing(ACCOUNT, "from", "zebra").orElseThrow();
        assertThat(from.ascending()).as("the needle in another field of a queued message is no hit").containsExactly(3L, 4L);
        assertThat(from.undecided()).containsExactly(4L);

        SearchIndex.MessageIds bob = (SearchIndex.MessageIds) queued.fieldNarrowing(ACCOUNT, "from", "BOB@zoo").orElseThrow();
        assertThat(bob.ascending()).containsExactly(2L);
        assertThat(bob.exact()).isTrue();

        SearchIndex.MessageIds header = (SearchIndex.MessageIds) queued.narrowing(ACCOUNT, SearchIndex.Part.HEADER, "zebra").orElseThrow();
        assertThat(header.ascending()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(header.exact()).as("header lines are candidates for the store's field-by-field match").isFalse();

        queued.start().awaitIndexed();   // written now: the index answers the same
        SearchIndex.MessageIds written = (SearchIndex.MessageIds) queued.fieldNarrowing(ACCOUNT, "subject", "zebra").orElseThrow();
        assertThat(written.ascending()).containsExactly(1L, 2L, 4L);
        assertThat(written.undecided()).containsExactly(4L);
        queued.close();
    }

    @Test
    void aFullQueueShouldIndexInTheWritersThread() throws Exception {
        LuceneSearchIndex lucene = new LuceneSearchIndex(dir);
        QueuedSearchIndex queued = new QueuedSearchIndex(lucene, 1, 1_000_000);
        queued.inserted(1, ACCOUNT, "first zebra", "", true);
        queued.inserted(2, ACCOUNT, "second zebra", "", true);   // queue holds one message: written at once

        assertThat(queued.queued()).isEqualTo(1);
        assertThat(lucene.allIds()).containsExactly(2L);
        assertThat(ids(queued.narrowing(ACCOUNT, SearchIndex.Part.BODY, "zebra"))).containsExactly(1L, 2L);

        QueuedSearchIndex byCharacters = new QueuedSearchIndex(lucene, 100, 10);
        byCharacters.inserted(3, ACCOUNT, "more than ten characters of zebra", "", true);
        assertThat(byCharacters.queued()).isZero();
        assertThat(lucene.allIds()).contains(3L);
        queued.close();
    }

    @Test
    void aDeletionShouldFollowTheQueuedAdditionOfTheSameMessage() throws Exception {
        LuceneSearchIndex lucene = new LuceneSearchIndex(dir);
        QueuedSearchIndex queued = new QueuedSearchIndex(lucene, 100, 1_000_000);
        queued.inserted(1, ACCOUNT, "a zebra", "", true);
        queued.inserted(2, ACCOUNT, "a zebra too", "", true);
        queued.deleted(List.of(1L));   // no transaction: queued behind the addition

        queued.start().awaitIndexed();
        assertThat(lucene.allIds()).containsExactly(2L);
        assertThat(ids(queued.narrowing(ACCOUNT, SearchIndex.Part.BODY, "zebra"))).containsExactly(2L);
        queued.close();
    }

    @Test
    void closeShouldWriteWhatIsQueued() throws Exception {
        QueuedSearchIndex queued = new QueuedSearchIndex(new LuceneSearchIndex(dir), 100, 1_000_000);
        for (long id = 1; id <= 300; id++) {   // more than one batch
            queued.inserted(id, ACCOUNT, "zebra number " + id, "", true);
        }
        queued.close();

        LuceneSearchIndex reopened = new LuceneSearchIndex(dir);
        assertThat(reopened.allIds()).hasSize(300);
        reopened.close();
    }

    @Test
    void negativeBoundsShouldBeRefused() throws Exception {
        LuceneSearchIndex lucene = new LuceneSearchIndex(dir);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new QueuedSearchIndex(lucene, -1, 10))
                .isInstanceOf(IllegalArgumentException.class);
        lucene.close();
    }

    private static List<Long> ids(Optional<SearchIndex.Narrowing> narrowing) {
        assertThat(narrowing).isPresent();
        long[] ids = ((SearchIndex.MessageIds) narrowing.get()).ascending();
        return java.util.Arrays.stream(ids).boxed().toList();
    }
}
