-- Search index (store.search, docs/DESIGN-NOTES.md "Search index"). On PostgreSQL the index is in the database:
-- pg_trgm GIN indexes over the folded (Java lower-cased) body and header text answer LIKE '%x%' for every node,
-- in the same transaction as the row. NULL marks a row written before this version: the start-up catch-up fills it.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE message ADD COLUMN search_header TEXT;
ALTER TABLE message ADD COLUMN search_body TEXT;
CREATE INDEX ix_message_search_body ON message USING gin (search_body gin_trgm_ops);
CREATE INDEX ix_message_search_header ON message USING gin (search_header gin_trgm_ops);
CREATE INDEX ix_message_search_pending ON message (id) WHERE search_header IS NULL;
