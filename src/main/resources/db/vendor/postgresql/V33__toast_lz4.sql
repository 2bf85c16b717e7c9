-- Issue 17: a large value (the message bytes of a blob row, the folded body text) is compressed by TOAST when it is
-- written. PostgreSQL's default method, pglz, took about 1.6 ms of the database's CPU per 50 KB value (measured on
-- PostgreSQL 15: 2,000 inserts of 50 KB texts, 3.2 s against 0.9 s with lz4), and a 50 KB delivery writes two.
-- lz4 (PostgreSQL 14+, when the server is built with it, as Debian's and the official images are) compresses
-- several times faster. Values written before keep their method; both read back the same.
DO $$
BEGIN
    IF current_setting('server_version_num')::int >= 140000 THEN
        BEGIN
            ALTER TABLE blob ALTER COLUMN content SET COMPRESSION lz4;
            ALTER TABLE message ALTER COLUMN search_body SET COMPRESSION lz4;
            ALTER TABLE message ALTER COLUMN search_header SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported THEN
            RAISE NOTICE 'this server has no lz4: large values stay compressed with pglz';
        END;
    END IF;
END
$$;
