-- Admin (issue 8): an alias delivers either to an account or, forwarded through the outbound queue, to an
-- external address the admin defined. Exactly one of the two targets is set.
ALTER TABLE alias ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE alias ADD COLUMN external_address VARCHAR(320);
ALTER TABLE alias ADD CONSTRAINT ck_alias_target CHECK (
    (account_id IS NOT NULL AND external_address IS NULL) OR (account_id IS NULL AND external_address IS NOT NULL));
-- quota usage is the sum of the account's mailbox counters: make that sum an index range scan
CREATE INDEX ix_mailbox_account ON mailbox (account_id);
