package dev.mailwright.store.search;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Narrows a substring search to candidate messages. An index answers with a SQL condition over the {@code message}
 * table (alias {@code m}), or with the ids of the candidate message rows, that every message whose text contains
 * the needle satisfies; the store keeps its exact
 * match beside it, so the index may over-approximate but never miss (IMAP SEARCH is substring search, RFC 3501
 * §6.4.4). A needle the index cannot narrow (shorter than {@link #GRAM} characters, or spanning lines) gets no
 * condition, and the caller scans as before.
 */
public interface SearchIndex extends AutoCloseable {
    /** Characters per gram: pg_trgm's trigrams, and the Lucene index's. */
    int GRAM = 3;

    /** What a needle is looked for in: the decoded text parts (and the store's search column), or the header. */
    enum Part { BODY, HEADER }

    /** What the index says: a condition for the database, or the candidates' message ids. */
    sealed interface Narrowing {
    }

    /** A condition over alias {@code m} and its parameters. */
    record Condition(String sql, List<Object> params) implements Narrowing {
    }

    /**
     * Two conditions over alias {@code m}: the rows {@code exact} holds are exactly the matches among the rows it can
     * decide, the rows {@code candidates} holds may match and must be decided by the caller; no other row matches.
     */
    record SplitCondition(Condition exact, Condition candidates) implements Narrowing {
    }

    /**
     * The candidates' {@code message.id}s, ascending (a long array, never an SQL array: H2 scans those). Of these,
     * the caller decides only the {@code undecided} ones (ascending, a subset); every other id is exactly a message
     * whose folded part contains the needle, so the store need not match it again (a field kept with positions,
     * where consecutive trigrams at consecutive positions spell the needle; a needle of one trigram; a queued
     * document's text read in memory).
     */
    record MessageIds(long[] ascending, long[] undecided) implements Narrowing {
        /** All exact ({@code exact}), or all to be decided by the caller. */
        public MessageIds(long[] ascending, boolean exact) {
            this(ascending, exact ? new long[0] : ascending);
        }

        /** Whether every id is exactly a match. */
        public boolean exact() {
            return undecided.length == 0;
        }

        /** The ids that are exactly matches, ascending. */
        public long[] decided() {
            if (undecided.length == 0) {
                return ascending;
            }
            return java.util.Arrays.stream(ascending).filter(id -> java.util.Arrays.binarySearch(undecided, id) < 0).toArray();
        }

        public boolean contains(long messageId) {
            return java.util.Arrays.binarySearch(ascending, messageId) >= 0;
        }
    }

    /** The condition for messages of {@code accountId} whose {@code part} may contain {@code needle}; empty: scan. */
    Optional<Narrowing> narrowing(long accountId, Part part, String needle);

    /**
     * Header fields an index may keep one by one (IMAP SEARCH's FROM, TO, CC, BCC and SUBJECT keys), each address
     * field with its comment-free twin line ({@link SearchText#header}).
     */
    java.util.Set<String> SEPARATE_FIELDS = java.util.Set.of("from", "to", "cc", "bcc", "subject");

    /**
     * The messages of {@code accountId} whose header field {@code field} (lower case) may contain {@code needle}. An
     * index that keeps the field separately may answer exactly ({@link MessageIds#exact}: some value of the field, or
     * of its comment-free twin, contains the folded needle); by default the header's candidates.
     */
    default Optional<Narrowing> fieldNarrowing(long accountId, String field, String needle) {
        return narrowing(accountId, Part.HEADER, needle);
    }

    /**
     * The value of {@code message.search_body} for a message with this (already folded) body text: the PostgreSQL
     * index reads it from the row, the Lucene index keeps it in its own postings (and the column stays empty).
     */
    String bodyColumn(String foldedBody);

    /**
     * The value of {@code message.search_grams} for a message with this (already folded) body text and search header
     * text: what PostgreSQL's GIN index over both is built from ({@link SearchWords#rowTrigramCodes}, V36 and V37);
     * nothing where the index keeps its own.
     */
    default int[] gramsColumn(String foldedBody, String foldedHeader) {
        return null;
    }

    /**
     * The value of {@code message.search_text} for a message with this (unfolded) search text: where
     * {@link #bodyColumn} keeps the folded copy (PostgreSQL), nothing (every reader of the row's text prefers
     * {@code search_body}, so the row need not carry the text twice); else the text itself, which the store's
     * {@code LIKE} decides candidates with and the catch-up indexes from.
     */
    String textColumn(String searchText);

    /**
     * A message row was inserted by the current transaction (called inside it, before commit); its id is new to the
     * index (ids are never reused, and the start-up catch-up adds only the ids it lacks). {@code
     * headerLinesAreFields}: {@link SearchText.Header#linesAreFields}, whether each line of the header text is one
     * field (or an address field's twin); only then may an index answer a field's search from it exactly.
     */
    void inserted(long messageId, long accountId, String foldedBody, String foldedHeader, boolean headerLinesAreFields);

    /** Message rows were deleted by the current transaction (applied once it commits). */
    void deleted(Collection<Long> messageIds);

    /** Commits and releases what the index holds open. */
    @Override
    default void close() throws java.io.IOException {
    }

    /** Whether {@code needle} (folded) can be narrowed at all: a gram long, no line break. */
    static boolean narrowable(String folded) {
        return folded.codePointCount(0, folded.length()) >= GRAM && folded.indexOf('\n') < 0 && folded.indexOf('\r') < 0;
    }
}
