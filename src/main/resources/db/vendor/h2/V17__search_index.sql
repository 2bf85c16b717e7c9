-- Search index (store.search, docs/DESIGN-NOTES.md "Search index"). On H2 the trigram postings live in a Lucene
-- index under the data directory; the database keeps the folded header text (exact decision of header searches and
-- the source of a rebuilt index). NULL marks a row written before this version: the start-up catch-up fills it.
ALTER TABLE message ADD COLUMN search_header TEXT;
ALTER TABLE message ADD COLUMN search_body TEXT;
