package dev.mailwright.store.search;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Run once at start, before any door opens: fills the search columns of rows written before V17 (or by a version
 * that did not index), and on Lucene makes the index hold exactly the table's messages (a crash since the index's
 * last commit loses documents; a bulk delete leaves stale ones). Both passes are linear in the number of messages
 * (on H2 each reads every message row: about 2 s of a start on 100,000 messages), so they are skipped when the store
 * is as a clean stop of this version left it ({@link dev.mailwright.store.CleanStop}: every row then has its columns)
 * and, for the Lucene pass, the index says that stop closed it with every write in it.
 */
final class SearchCatchUp {
    private static final Logger log = LoggerFactory.getLogger(SearchCatchUp.class);
    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final Function<String, InputStream> blobs;
    private final SearchIndex index;
    private final boolean storeUntouched;

    /**
     * {@code blobs} opens a message's raw bytes by blob hash (throws UncheckedIOException when it cannot);
     * {@code storeUntouched}: the store is as a clean stop left it.
     */
    SearchCatchUp(JdbcClient jdbc, Function<String, InputStream> blobs, SearchIndex index, boolean storeUntouched) {
        this.jdbc = jdbc;
        this.blobs = blobs;
        this.index = index;
        this.storeUntouched = storeUntouched;
    }

    record Result(int filled, int added, int removed) {
    }

    Result run() {
        boolean indexComplete = !(index instanceof LuceneSearchIndex lucene) || lucene.closedLastRun();
        if (storeUntouched && indexComplete) {
            log.info("Search index: the store and the index are as the clean stop left them, nothing to catch up");
            return new Result(0, 0, 0);
        }
        int filled = storeUntouched ? 0 : fillColumns();
        int added = 0;
        int removed = 0;
        if (index instanceof LuceneSearchIndex lucene) {
            long[] indexed = lucene.allIds();
            List<Long> missing = new ArrayList<>();
            boolean[] present = new boolean[indexed.length];
            try (java.util.stream.Stream<Long> ids = jdbc.sql("SELECT id FROM message ORDER BY id").query(Long.class).stream()) {
                ids.forEach(id -> {
                    int at = Arrays.binarySearch(indexed, id);
                    if (at >= 0) {
                        present[at] = true;
                    } else {
                        missing.add(id);
                    }
                });
            }
            for (int from = 0; from < missing.size(); from += BATCH) {
                addAll(missing.subList(from, Math.min(missing.size(), from + BATCH)));
            }
            added = missing.size();
            long[] stale = new long[indexed.length];
            for (int i = 0; i < indexed.length; i++) {
                if (!present[i]) {
                    stale[removed++] = indexed[i];
                }
            }
            if (removed > 0) {
                lucene.delete(Arrays.copyOf(stale, removed));
            }
            try {
                lucene.commit();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot commit the search index", e);
            }
        }
        if (filled + added + removed > 0) {
            log.info("Search index caught up: {} rows filled, {} messages indexed, {} stale entries removed",
                    filled, added, removed);
        }
        return new Result(filled, added, removed);
    }

    private void addAll(List<Long> ids) {
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        jdbc.sql("SELECT id, account_id, search_text, search_header, search_header_exact FROM message WHERE id IN ("
                        + marks + ")")
                .params(new ArrayList<Object>(ids))
                .query((rs, n) -> {
                    // a NULL search_header_exact (a row before V27 not yet caught up): not known to be exact
                    index.inserted(rs.getLong("id"), rs.getLong("account_id"), SearchText.fold(rs.getString("search_text")),
                            rs.getString("search_header"), rs.getBoolean("search_header_exact"));
                    return null;
                }).list();
    }

    /** Rows without search columns: the header read from the blob, the body folded from the search column. */
    private int fillColumns() {
        int filled = 0;
        long after = 0;
        while (true) {
            List<Pending> batch = jdbc.sql("SELECT id, blob_hash, search_text FROM message"
                            + " WHERE search_header IS NULL AND id > ? ORDER BY id LIMIT " + BATCH)
                    .param(after)
                    .query((rs, n) -> new Pending(rs.getLong("id"), rs.getString("blob_hash"), rs.getString("search_text")))
                    .list();
            if (batch.isEmpty()) {
                return filled;
            }
            for (Pending p : batch) {
                String body = SearchText.fold(p.searchText());
                String header = header(p);
                jdbc.sql("UPDATE message SET search_header = ?, search_body = ?, search_grams = ? WHERE id = ?")
                        .params(header, index.bodyColumn(body), index.gramsColumn(body, header), p.id())
                        .update();
                after = p.id();
                filled++;
            }
        }
    }

    private String header(Pending p) {
        try (InputStream in = blobs.apply(p.blobHash())) {
            return SearchText.header(in.readNBytes(SearchText.MAX_HEADER));
        } catch (IOException | RuntimeException e) {
            // a missing blob has no header to search; FETCH reports it, the search must not stop the start
            log.warn("Search catch-up cannot read the header of message {}: {}", p.id(), e.toString());
            return "";
        }
    }

    private record Pending(long id, String blobHash, String searchText) {
    }
}
