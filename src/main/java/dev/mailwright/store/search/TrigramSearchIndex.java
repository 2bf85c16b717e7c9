package dev.mailwright.store.search;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL: the index is in the database (V17, pg_trgm GIN indexes over {@code message.search_body} and
 * {@code search_header}), written by the same INSERT as the row, so it is exactly as durable and as shared between
 * nodes as the row itself. Rows from before V17 (NULL columns) are candidates until the catch-up fills them.
 */
final class TrigramSearchIndex implements SearchIndex {
    @Override
    public Optional<Narrowing> narrowing(long accountId, Part part, String needle) {
        String folded = SearchText.fold(needle);
        if (!SearchIndex.narrowable(folded)) {
            return Optional.empty();
        }
        String column = switch (part) {
            case BODY -> "m.search_body";
            case HEADER -> "m.search_header";
        };
        return Optional.of(new Condition("(" + column + " LIKE ? ESCAPE '!' OR m.search_header IS NULL)",
                List.of(SearchText.likePattern(folded))));
    }

    @Override
    public String bodyColumn(String foldedBody) {
        return foldedBody;
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
