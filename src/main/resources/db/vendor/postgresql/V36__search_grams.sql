-- Issue 17: the body's GIN index over the trigram codes of its distinct words, computed by Mailwright
-- (store.search.SearchWords.trigramCodes, docs/DESIGN-NOTES.md "The body's trigrams as codes") instead of pg_trgm
-- over search_words (V35). pg_trgm spent most of a delivery's database CPU extracting the words' trigrams (lower-
-- casing and sorting them again) and indexing them with each word's padding; the codes are only the trigrams inside
-- each word, distinct and sorted, indexed as an integer array.
ALTER TABLE message ADD COLUMN search_grams INTEGER[];
-- Rows written before: the same codes from their words. For each three consecutive characters a, b, c inside a word
-- (code points: this is a UTF-8 database), ((a * 1114112 + b) * 1114112 + c) mod 2147483647, as SearchWords writes
-- them. Rows without words are the start-up catch-up's.
UPDATE message SET search_grams = COALESCE((
        SELECT array_agg(DISTINCT ((ascii(substr(w, k, 1))::bigint * 1114112 + ascii(substr(w, k + 1, 1))) * 1114112
                                   + ascii(substr(w, k + 2, 1))) % 2147483647)::int[]
        FROM regexp_split_to_table(search_words, ' ') AS w, generate_series(1, length(w) - 2) AS k), '{}')
    WHERE search_words IS NOT NULL;
DROP INDEX ix_message_search_words;
ALTER TABLE message DROP COLUMN search_words;
CREATE INDEX ix_message_search_grams ON message USING gin (search_grams);
