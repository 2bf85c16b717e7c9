-- IMAP SORT (RFC 5256, RFC 5957) and THREAD keys, stored once per message at ingest. Additive; H2 2.x and PostgreSQL 15+.
-- Text keys are i;ascii-casemap'd (a-z upper-cased) and at most 512 characters. The base subject (RFC 5256 2.1)
-- cannot be computed in SQL, so rows from before this version keep NULL here and the store fills them in batches
-- after start (SortFieldsCatchUp); until then a SORT computes a NULL row's keys from its envelope and subject.
ALTER TABLE message ADD COLUMN sort_base_subject VARCHAR(512);
ALTER TABLE message ADD COLUMN sort_reply BOOLEAN;
ALTER TABLE message ADD COLUMN sort_from_mailbox VARCHAR(512);
ALTER TABLE message ADD COLUMN sort_to_mailbox VARCHAR(512);
ALTER TABLE message ADD COLUMN sort_cc_mailbox VARCHAR(512);
ALTER TABLE message ADD COLUMN sort_display_from VARCHAR(512);
ALTER TABLE message ADD COLUMN sort_display_to VARCHAR(512);
