package dev.mailwright.store.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL: the index is in the database (one GIN index over {@code message.search_grams}, the trigram codes of the
 * body's distinct words (V36) and, below zero, of the search header's (V37)), written by the same INSERT as the row,
 * so it is exactly as durable and as shared between nodes as the row itself. The codes only narrow: {@code LIKE} over
 * the folded header decides a header's match. Rows from before V17 (NULL columns) are candidates until the catch-up
 * fills them.
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
            case HEADER -> {
                Condition header = headerLike(folded);
                yield Optional.of(new Condition("(" + header.sql() + " OR m.search_header IS NULL)", header.params()));
            }
        };
    }

    /**
     * The rows whose folded header text holds {@code folded}: {@code LIKE} decides, among the rows that have every
     * header code of the needle's parts (V37, {@link SearchWords#headerCodes}), which the GIN index finds. {@code LIKE}
     * comes first: where the planner filters row by row instead (its statistics not yet counting a mailbox just
     * filled), the short header text rules most rows out before their code array is read (a fifth of the time on
     * 5,000 rows, measured in stop 30).
     */
    private static Condition headerLike(String folded) {
        String like = SearchText.likePattern(folded);
        int[] codes = SearchWords.headerCodes(needleCodes(folded));
        if (codes.length == 0) {
            return new Condition("m.search_header LIKE ? ESCAPE '!'", List.of(like));
        }
        return new Condition("(m.search_header LIKE ? ESCAPE '!' AND m.search_grams @> CAST(? AS INTEGER[]))",
                List.of(like, codes));
    }

    /**
     * The body's index is over the trigram codes of its distinct words (V36, {@link SearchWords#bodyTrigramCodes}):
     * the row must have every code of the needle's parts between word separators ({@link SearchWords#needleCodes}).
     */
    private static Optional<Narrowing> bodyNarrowing(String folded) {
        int[] codes = needleCodes(folded);
        if (codes.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new Condition("(m.search_grams @> CAST(? AS INTEGER[]) OR m.search_header IS NULL)",
                List.of(codes)));
    }

    /** The codes of a folded needle's parts between word separators, as the body's and the header's are written. */
    private static int[] needleCodes(String folded) {
        return SearchWords.needleCodes(SearchWords.parts(folded, GRAM));
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
        Condition header = headerLike(folded);
        List<Object> exactParams = new ArrayList<>(header.params());
        exactParams.addAll(List.of(prefix, prefix.length() + 1, folded));
        Condition exact = new Condition("(" + header.sql() + " AND m.search_header_exact"
                + " AND EXISTS (SELECT 1 FROM unnest(string_to_array(m.search_header, E'\\n')) AS line"
                + " WHERE starts_with(line, ?) AND strpos(substr(line, ?), ?) > 0))", exactParams);
        Condition candidates = new Condition(
                "((" + header.sql() + " AND m.search_header_exact IS NOT TRUE) OR m.search_header IS NULL)",
                header.params());
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
    public int[] gramsColumn(String foldedBody, String foldedHeader) {
        return SearchWords.rowTrigramCodes(foldedBody, foldedHeader);
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
