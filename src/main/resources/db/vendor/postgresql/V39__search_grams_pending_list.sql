-- Issue 17: the codes index (V36, V37) takes a delivery's codes into its pending list and merges the list into the
-- tree when it passes gin_pending_list_limit (4 MB by default); a longer list merges less often, and autovacuum merges
-- it in the background too. Measured in six alternated pairs (docs/BENCHMARKS.md, stops 34 and 35): the warm 2 KB
-- SMTP pass faster in five, the database's CPU per message lower, 50 KB messages level. The value is in kB.
ALTER INDEX ix_message_search_grams SET (gin_pending_list_limit = 16384);
