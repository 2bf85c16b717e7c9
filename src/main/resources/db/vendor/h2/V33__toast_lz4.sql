-- V33 is PostgreSQL's (TOAST compression of large values, db/vendor/postgresql); H2 has no TOAST.
SELECT 1;
