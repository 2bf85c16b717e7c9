package dev.mailwright.store.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.store.AfterCommit;

/**
 * H2 (one node): a Lucene index under the data directory, one document per message row: its id and account, the
 * distinct trigrams inside the folded body's words ({@link SearchWords}: a long body repeats its words) and those
 * of the folded header's lines. The body and the header keep each trigram once per document, without positions: the
 * trigrams of a needle (of the body: of its parts between word separators) all present make a candidate, which the
 * store decides by matching the row's text (a needle of one trigram within a word is decided by the index alone).
 * Positions were 40 % of the indexing CPU and three quarters of the index's size, paid by every delivery for a
 * saving only searches see.
 * The fields IMAP SEARCH names ({@link SearchIndex#SEPARATE_FIELDS}) are short and are kept one field each with
 * positions: the needle's trigrams as a phrase match exactly where the value holds the needle, so FROM, TO, CC,
 * BCC and SUBJECT are answered exactly (values are separate, with a position gap, so no phrase spans two); a message
 * whose header text is not one line per field ({@link SearchText.Header#linesAreFields}) is marked instead, and
 * stays a candidate for every field search.
 *
 * <p>Durability: a document is added inside the transaction that inserts its row (a rolled-back row leaves a
 * harmless extra candidate), deletions are applied after commit (a rolled-back delete must not lose a
 * candidate). The index commits every few seconds and on close; whatever a crash loses since its last commit is
 * found again by {@link SearchCatchUp} at the next start, which compares the index's ids with the table's.
 */
final class LuceneSearchIndex implements SearchIndex, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LuceneSearchIndex.class);
    private static final String ID = "id";
    private static final String ACCOUNT = "account";
    private static final String BODY = "body";
    private static final String HEADER = "header";
    /** Prefix of the fields that hold one header field's values (and an address field's twins). */
    private static final String FIELD = "field.";
    /** Present (value {@link #INEXACT}) on a message whose header lines are not its fields. */
    private static final String FIELDS = "fields";
    private static final String INEXACT = "inexact";
    /**
     * Commit data key of the index's layout: an index written with another layout is emptied at open and the
     * catch-up indexes every message again. 2: the separate fields; 3: body and header without positions; 4: the
     * body's distinct words instead of the body (since then its words' distinct trigrams, the same terms minus those
     * across a space between two words, which no query asks for: layout 4 still).
     */
    private static final String LAYOUT_KEY = "layout";
    private static final String LAYOUT = "4";
    /** Commit data key: {@link #CLOSED} in the commit that {@link #close} makes, {@link #OPEN} in every other. */
    private static final String STOPPED_KEY = "stopped";
    private static final String OPEN = "open";
    private static final String CLOSED = "closed";
    /** Positions between two values of a separate field: more than any needle's trigrams, so no phrase crosses one. */
    private static final int LINE_GAP = 100_000;
    private static final long COMMIT_SECONDS = 5;
    /** Trigrams with their positions: the separate fields, answered exactly by a phrase. */
    private static final FieldType GRAMS = grams(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
    /** Which trigrams a document holds: the body and the header, whose hits the store decides. */
    private static final FieldType GRAM_SET = grams(IndexOptions.DOCS);

    private final Analyzer analyzer = new TrigramAnalyzer();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ScheduledExecutorService committer;
    /** Whether the last run closed the index (so it holds every document of that run). */
    private final boolean closedLastRun;
    /** A write failed in this run: the index lacks a change, so its close does not claim to have them all. */
    private volatile boolean writeLost;

    LuceneSearchIndex(Path directory) {
        try {
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(32);
            java.nio.file.Files.createDirectories(directory);
            writer = new IndexWriter(FSDirectory.open(directory), config);
            closedLastRun = requireLayout(directory);
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the search index in " + directory, e);
        }
        committer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("search-index-commit").factory());
        committer.scheduleWithFixedDelay(this::commitQuietly, COMMIT_SECONDS, COMMIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Empties an index written with another layout (the start-up catch-up then adds every message again), and notes
     * whether the last run closed the index, then marks it open in a commit of its own: a crash from now on leaves
     * an index that does not say it was closed.
     */
    private boolean requireLayout(Path directory) throws IOException {
        String layout = null;
        String stopped = null;
        Iterable<java.util.Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            for (java.util.Map.Entry<String, String> entry : data) {
                if (entry.getKey().equals(LAYOUT_KEY)) {
                    layout = entry.getValue();
                } else if (entry.getKey().equals(STOPPED_KEY)) {
                    stopped = entry.getValue();
                }
            }
        }
        boolean sameLayout = LAYOUT.equals(layout);
        if (!sameLayout && writer.getDocStats().numDocs > 0) {
            log.info("The search index in {} has layout {}, not {}: it is rebuilt from the store at this start",
                    directory, layout == null ? "1" : layout, LAYOUT);
            writer.deleteAll();
        }
        commitData(OPEN);
        writer.commit();
        return sameLayout && CLOSED.equals(stopped);
    }

    /** What the next commit records besides the documents: the layout, and whether it is {@link #close}'s. */
    private void commitData(String stopped) {
        writer.setLiveCommitData(java.util.Map.of(LAYOUT_KEY, LAYOUT, STOPPED_KEY, stopped).entrySet());
    }

    private static FieldType grams(IndexOptions options) {
        FieldType type = new FieldType();
        type.setIndexOptions(options);
        type.setTokenized(true);
        type.setOmitNorms(true);
        type.setStored(false);
        type.freeze();
        return type;
    }

    @Override
    public Optional<Narrowing> narrowing(long accountId, Part part, String needle) {
        String folded = SearchText.fold(needle);
        if (!SearchIndex.narrowable(folded)) {
            return Optional.empty();
        }
        // hits hold every trigram of the needle, somewhere: candidates for the store's match of the text, unless the
        // needle is one trigram of one word (a body holding it holds the needle); header lines are always candidates
        // for the store's field-by-field decision
        if (part == Part.HEADER) {
            return Optional.of(new MessageIds(ids(accountId, allOf(HEADER, grams(HEADER, folded))), false));
        }
        // the body's field holds the trigrams inside its words (SearchWords): those of the needle's parts between words
        List<String> parts = SearchWords.parts(folded, GRAM);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        List<String> grams = new ArrayList<>();
        parts.forEach(p -> grams.addAll(grams(BODY, p)));
        boolean exact = parts.size() == 1 && parts.getFirst().equals(folded) && grams.size() == 1;
        return Optional.of(new MessageIds(ids(accountId, allOf(BODY, grams)), exact));
    }

    @Override
    public Optional<Narrowing> fieldNarrowing(long accountId, String field, String needle) {
        if (!SEPARATE_FIELDS.contains(field)) {
            return narrowing(accountId, Part.HEADER, needle);
        }
        String folded = SearchText.fold(needle);
        if (!SearchIndex.narrowable(folded)) {
            return Optional.empty();
        }
        long[] hits = ids(accountId, phrase(FIELD + field, folded));
        // a message without the separate fields is a candidate where its whole header holds the needle's trigrams
        long[] inexact = collect(new BooleanQuery.Builder()
                .add(allOf(HEADER, grams(HEADER, folded)), BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term(FIELDS, INEXACT)), BooleanClause.Occur.FILTER)
                .add(LongPoint.newExactQuery(ACCOUNT, accountId), BooleanClause.Occur.FILTER)
                .build());
        return Optional.of(inexact.length == 0 ? new MessageIds(hits, true) : new MessageIds(union(hits, inexact), inexact));
    }

    /** The sorted union of two ascending id arrays. */
    static long[] union(long[] ascending, long[] more) {
        long[] all = Arrays.copyOf(ascending, ascending.length + more.length);
        System.arraycopy(more, 0, all, ascending.length, more.length);
        Arrays.sort(all);
        return distinct(all);
    }

    /** Ids of the account's messages that {@code match}, ascending. */
    private long[] ids(long accountId, Query match) {
        Query query = new BooleanQuery.Builder()
                .add(match, BooleanClause.Occur.MUST)
                .add(LongPoint.newExactQuery(ACCOUNT, accountId), BooleanClause.Occur.FILTER)
                .build();
        return collect(query);
    }

    /** Documents whose {@code field} holds each of {@code grams} (anywhere, each once is enough). */
    private static Query allOf(String field, List<String> grams) {
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        new java.util.LinkedHashSet<>(grams).forEach(gram -> all.add(new TermQuery(new Term(field, gram)), BooleanClause.Occur.FILTER));
        return all.build();
    }

    /** The needle's trigrams at consecutive positions of {@code field}: where the field's text holds the needle. */
    private Query phrase(String field, String folded) {
        List<String> grams = grams(field, folded);
        PhraseQuery.Builder phrase = new PhraseQuery.Builder();
        for (int i = 0; i < grams.size(); i++) {
            phrase.add(new Term(field, grams.get(i)), i);
        }
        return phrase.build();
    }

    /** Every id in the index, ascending (for the catch-up). */
    long[] allIds() {
        return collect(new MatchAllDocsQuery());
    }

    private long[] collect(Query query) {
        try {
            searchers.maybeRefreshBlocking();
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.search(query, new org.apache.lucene.search.CollectorManager<IdCollector, long[]>() {
                    @Override
                    public IdCollector newCollector() {
                        return new IdCollector();
                    }

                    @Override
                    public long[] reduce(Collection<IdCollector> collectors) {
                        long[] ids = new long[collectors.stream().mapToInt(c -> c.size).sum()];
                        int at = 0;
                        for (IdCollector c : collectors) {
                            System.arraycopy(c.ids, 0, ids, at, c.size);
                            at += c.size;
                        }
                        Arrays.sort(ids);
                        return distinct(ids);
                    }
                });
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the search index", e);
        }
    }

    /** {@code sorted} without repeated values (in place; the same array when there are none). */
    static long[] distinct(long[] sorted) {
        int kept = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (kept == 0 || sorted[i] != sorted[kept - 1]) {
                sorted[kept++] = sorted[i];
            }
        }
        return kept == sorted.length ? sorted : Arrays.copyOf(sorted, kept);
    }

    private List<String> grams(String field, String folded) {
        List<String> grams = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, folded)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                grams.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return grams;
    }

    @Override
    public String bodyColumn(String foldedBody) {
        return null;
    }

    @Override
    public String textColumn(String searchText) {
        return searchText;
    }

    @Override
    public void inserted(long messageId, long accountId, String foldedBody, String foldedHeader,
                         boolean headerLinesAreFields) {
        Document doc = new Document();
        doc.add(new LongPoint(ID, messageId));
        doc.add(new NumericDocValuesField(ID, messageId));
        doc.add(new LongPoint(ACCOUNT, accountId));
        doc.add(new Field(BODY, new TrigramTokens(SearchWords.bodyTrigrams(foldedBody)), GRAM_SET));
        doc.add(new Field(HEADER, new TrigramTokens(SearchWords.lineTrigrams(foldedHeader)), GRAM_SET));
        if (headerLinesAreFields) {
            for (String line : foldedHeader.split("\n")) {
                if (!line.isEmpty()) {
                    addSeparateField(doc, line);
                }
            }
        }
        if (!headerLinesAreFields) {
            doc.add(new StringField(FIELDS, INEXACT, Field.Store.NO));
        }
        try {
            // a plain add: every caller adds a row id the index cannot hold yet (a new row; the start-up catch-up adds
            // only the ids it found missing, before anything else writes). Replacing by id instead made every flush
            // and reader refresh run one point query per added document against every segment (issue 17's SMTP
            // profile); a duplicate, were one ever added, is folded away when ids are collected.
            writer.addDocument(doc);
        } catch (IOException e) {
            writeLost = true;
            throw new UncheckedIOException("Cannot add to the search index", e);
        } catch (RuntimeException e) {
            writeLost = true;
            throw e;
        }
    }

    /**
     * A {@code name: value} line of a field SEARCH names: its value as that field's own value, split as IMAP
     * SEARCH splits the stored header (SearchableHeader#ofStored).
     */
    private static void addSeparateField(Document doc, String line) {
        String name = separateFieldName(line);
        if (name != null) {
            doc.add(new Field(FIELD + name, separateFieldValue(line), GRAMS));
        }
    }

    /** The name of a header line whose field is kept apart, or null. */
    private static String separateFieldName(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String name = line.substring(0, colon);
        return SEPARATE_FIELDS.contains(name) ? name : null;
    }

    private static String separateFieldValue(String line) {
        return line.substring(Math.min(line.length(), line.indexOf(':') + 2));
    }

    /**
     * What the index would answer for a document it has not written yet (the queue's messages): whether a header
     * whose lines are its fields holds {@code folded} in a value of {@code field}, as {@link #fieldNarrowing}'s
     * phrase finds it.
     */
    static boolean fieldHolds(String foldedHeader, String field, String folded) {
        for (String line : foldedHeader.split("\n")) {
            if (field.equals(separateFieldName(line)) && separateFieldValue(line).contains(folded)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void deleted(Collection<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        long[] ids = messageIds.stream().mapToLong(Long::longValue).toArray();
        AfterCommit.run(() -> delete(ids));
    }

    void delete(long[] ids) {
        try {
            writer.deleteDocuments(LongPoint.newSetQuery(ID, ids));
        } catch (IOException | RuntimeException e) {
            // a stale document is only an extra candidate; the next start's catch-up removes it
            writeLost = true;
            log.warn("Cannot delete {} messages from the search index: {}", ids.length, e.toString());
        }
    }

    void commit() throws IOException {
        if (writer.hasUncommittedChanges()) {
            writer.commit();
        }
    }

    private void commitQuietly() {
        try {
            commit();
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot commit the search index (the next start catches up): {}", e.toString());
        }
    }

    /**
     * Whether the last run closed the index without a failed write: it then holds every document of that run (nothing
     * lost uncommitted, nothing left to the next start's catch-up).
     */
    boolean closedLastRun() {
        return closedLastRun;
    }

    @Override
    public void close() throws IOException {
        committer.shutdownNow();
        try {
            searchers.close();
        } finally {
            commitData(writeLost ? OPEN : CLOSED);
            writer.close();   // commits, with that commit data
        }
    }

    /**
     * The body's and the header's terms, each trigram once ({@link SearchWords#bodyTrigrams},
     * {@link SearchWords#lineTrigrams}): the same terms as the analyzer's trigrams of the words and of each header
     * line, without the analyzer's work for every character. (Bodies indexed before as the words' string, one space
     * between them, also hold trigrams across a space, which no query asks for.)
     */
    private static final class TrigramTokens extends TokenStream {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final long[] trigrams;
        private int next;

        TrigramTokens(long[] trigrams) {
            this.trigrams = trigrams;
        }

        @Override
        public boolean incrementToken() {
            if (next == trigrams.length) {
                return false;
            }
            clearAttributes();
            char[] chars = term.resizeBuffer(6);
            int length = 0;
            for (int codePoint : SearchWords.codePoints(trigrams[next++])) {
                length += Character.toChars(codePoint, chars, length);
            }
            term.setLength(length);
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
        }
    }

    /** Overlapping trigrams of the whole (already folded) text, one position each. */
    private static final class TrigramAnalyzer extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            return new TokenStreamComponents(new NGramTokenizer(GRAM, GRAM));
        }

        @Override
        public int getPositionIncrementGap(String fieldName) {
            return LINE_GAP;
        }
    }

    private static final class IdCollector extends SimpleCollector {
        private long[] ids = new long[64];
        private int size;
        private NumericDocValues values;

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            values = DocValues.getNumeric(context.reader(), ID);
        }

        @Override
        public void collect(int doc) throws IOException {
            if (values.advanceExact(doc)) {
                if (size == ids.length) {
                    ids = Arrays.copyOf(ids, size * 2);
                }
                ids[size++] = values.longValue();
            }
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
