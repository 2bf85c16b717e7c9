package dev.mailwright.store.search;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL: the index is in the database (a GIN index over {@code message.search_grams}, the trigram codes of the
 * body's distinct words (V36), and pg_trgm's over {@code search_header} (V17)), written by the same INSERT as the
 * row, so it is exactly as durable and as shared between nodes as the row itself. Rows from before V17 (NULL columns)
 * are candidates until the catch-up fills them.
 */
final class TrigramSearchIndex implements SearchIndex {
    @Override
    public Optional<Narrowing> narrowing(long accountId, Part part, String needle) {
        String folded = SearchText.fold(needle);
        if (!SearchIndex.narrowable(folded)) {
            return Optional.empty();
        }
        return switch (part) {
            case BODY -> bodyNarrowing(folded);
            case HEADER -> Optional.of(new Condition("(m.search_header LIKE ? ESCAPE '!' OR m.search_header IS NULL)",
                    List.of(SearchText.likePattern(folded))));
        };
    }

    /**
     * The body's index is over the trigram codes of its distinct words (V36, {@link SearchWords#bodyTrigramCodes}):
     * the row must have every code of the needle's parts between word separators ({@link SearchWords#needleCodes}).
     */
    private static Optional<Narrowing> bodyNarrowing(String folded) {
        int[] codes = SearchWords.needleCodes(SearchWords.parts(folded, GRAM));
        if (codes.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new Condition("(m.search_grams @> CAST(? AS INTEGER[]) OR m.search_header IS NULL)",
                List.of(codes)));
    }

    /**
     * The header's trigram condition, split: a row whose header text is one line per field ({@code
     * search_header_exact}) is decided in the database, by a line of that field whose value holds the folded needle
     * (an address field's comment-free twin is a line of the same name, as in {@link SearchText#header}); any other
     * row that the trigram index keeps is a candidate.
     */
    @Override
    public Optional<Narrowing> fieldNarrowing(long accountId, String field, String needle) {
        String folded = SearchText.fold(needle);
        if (!SEPARATE_FIELDS.contains(field) || !SearchIndex.narrowable(folded)) {
            return narrowing(accountId, Part.HEADER, needle);
        }
        String prefix = field + ": ";
        String like = SearchText.likePattern(folded);
        Condition exact = new Condition("""
                (m.search_header LIKE ? ESCAPE '!' AND m.search_header_exact
                 AND EXISTS (SELECT 1 FROM unnest(string_to_array(m.search_header, E'\n')) AS line
                             WHERE starts_with(line, ?) AND strpos(substr(line, ?), ?) > 0))""",
                List.of(like, prefix, prefix.length() + 1, folded));
        Condition candidates = new Condition(
                "((m.search_header LIKE ? ESCAPE '!' AND m.search_header_exact IS NOT TRUE) OR m.search_header IS NULL)",
                List.of(like));
        return Optional.of(new SplitCondition(exact, candidates));
    }

    @Override
    public String bodyColumn(String foldedBody) {
        return foldedBody;
    }

    @Override
    public String textColumn(String searchText) {
        return "";
    }

    @Override
    public int[] gramsColumn(String foldedBody) {
        return SearchWords.bodyTrigramCodes(foldedBody);
    }

    @Override
    public void inserted(long messageId, long accountId, String foldedBody, String foldedHeader,
                         boolean headerLinesAreFields) {
        // the row carries its own index entries
    }

    @Override
    public void deleted(Collection<Long> messageIds) {
        // deleting the row deletes its index entries
    }
}
