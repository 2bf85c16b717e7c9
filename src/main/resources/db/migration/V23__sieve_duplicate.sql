-- Issue 15, Sieve "duplicate" (RFC 7352): which messages an account's script has seen, by a digest of the test's
-- handle and the message's unique id, until when. Bounded: a key lives at most mailwright.sieve.max-duplicate-period,
-- and expired rows are removed when the account records new ones.
CREATE TABLE sieve_duplicate (
    account_id  BIGINT NOT NULL,
    tracking_key VARCHAR(64) NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_sieve_duplicate PRIMARY KEY (account_id, tracking_key),
    CONSTRAINT fk_sieve_duplicate_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);
CREATE INDEX ix_sieve_duplicate_expiry ON sieve_duplicate (account_id, expires_at);
