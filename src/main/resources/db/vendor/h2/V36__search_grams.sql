-- V36: on PostgreSQL the body's index moves from pg_trgm over its words to the words' trigram codes
-- (db/vendor/postgresql). H2's search index is Lucene's; the columns exist so that both databases take the same
-- INSERT, and stay NULL here.
ALTER TABLE message DROP COLUMN search_words;
ALTER TABLE message ADD COLUMN search_grams INTEGER ARRAY;
