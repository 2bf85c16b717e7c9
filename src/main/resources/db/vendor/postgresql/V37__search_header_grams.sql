-- Issue 17: the search header's trigram codes join the body's in search_grams (store.search.SearchWords.rowTrigramCodes,
-- docs/DESIGN-NOTES.md "The header's trigrams among the body's codes"), below zero, and pg_trgm's index over
-- search_header (V17) goes: one GIN index per row instead of two, and no pg_trgm extraction per delivery. LIKE over
-- search_header still decides a header's match; the codes only narrow.
-- Rows written before: the codes of their header's distinct words as V36 computes the body's, each code c stored as
-- -c - 1. Rows without a search header are the start-up catch-up's, which writes both parts.
UPDATE message SET search_grams = COALESCE((
        SELECT array_agg(DISTINCT -1 - ((ascii(substr(w, k, 1))::bigint * 1114112 + ascii(substr(w, k + 1, 1))) * 1114112
                                        + ascii(substr(w, k + 2, 1))) % 2147483647)::int[]
        FROM (SELECT DISTINCT w FROM regexp_split_to_table(search_header, '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+') AS w
              WHERE w <> '') AS words, generate_series(1, length(w) - 2) AS k), '{}') || COALESCE(search_grams, '{}')
    WHERE search_header IS NOT NULL AND search_header <> '';
DROP INDEX ix_message_search_header;
