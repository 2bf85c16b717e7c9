package dev.mailwright.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index records its layout in its commit data. An index written before the separate header fields existed
 * lacks them, so their exact answers would miss its messages: it is emptied when opened, and the start-up catch-up
 * (which adds every message the index lacks) fills it again. An index of the current layout is kept as it is.
 */
class LuceneSearchIndexLayoutTest {
    private static final long ACCOUNT = 7;
    private static final String HEADER = "from: carol (work) <carol@example.org>\nfrom: carol <carol@example.org>\n"
            + "subject: stripes\n";

    @Test
    void anIndexOfThisLayoutShouldBeKeptAndOneOfAnOlderLayoutEmptied(@TempDir Path dir) throws Exception {
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir)) {
            index.inserted(1, ACCOUNT, "a zebra", HEADER, true);
        }
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir)) {
            assertThat(index.allIds()).containsExactly(1L);
            assertThat(exactIds(index, "from", "carol@")).containsExactly(1L);
            assertThat(exactIds(index, "subject", "carol")).isEmpty();
        }
        // the commit data an index of the first layout has: no layout key
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig())) {
            writer.setLiveCommitData(Map.<String, String>of().entrySet());
            writer.commit();
        }
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir)) {
            assertThat(index.allIds()).as("emptied for the catch-up to fill").isEmpty();
            index.inserted(1, ACCOUNT, "a zebra", HEADER, true);
        }
        try (LuceneSearchIndex index = new LuceneSearchIndex(dir)) {
            assertThat(index.allIds()).as("the new layout recorded: kept").containsExactly(1L);
        }
    }

    private static long[] exactIds(LuceneSearchIndex index, String field, String needle) {
        SearchIndex.MessageIds ids = (SearchIndex.MessageIds) index.fieldNarrowing(ACCOUNT, field, needle).orElseThrow();
        assertThat(ids.exact()).isTrue();
        return ids.ascending();
    }
}
