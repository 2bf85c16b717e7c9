-- V35: on PostgreSQL the body's trigram index moves to its distinct words (db/vendor/postgresql). H2's search index
-- is Lucene's; the column exists so that both databases take the same INSERT, and stays NULL here.
ALTER TABLE message ADD COLUMN search_words TEXT;
