-- V34 is PostgreSQL's (a partial index of the \Deleted rows, db/vendor/postgresql); H2 has no partial indexes.
SELECT 1;
