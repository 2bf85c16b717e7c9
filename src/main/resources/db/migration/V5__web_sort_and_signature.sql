-- Webmail: sortable message lists and per-account signatures. Additive only; runs on H2 2.x and PostgreSQL 15+.

-- Sort keys copied onto each placement, so one index per key serves a keyset page of one mailbox:
-- sort_date = the Date: header, or the internal date when the message has none (what the list shows);
-- sort_from / sort_subject = the first 200 characters of the From and Subject, lower-cased.
ALTER TABLE mailbox_message ADD COLUMN sort_date TIMESTAMP WITH TIME ZONE;
ALTER TABLE mailbox_message ADD COLUMN sort_from VARCHAR(200);
ALTER TABLE mailbox_message ADD COLUMN sort_subject VARCHAR(200);
ALTER TABLE mailbox_message ADD COLUMN size_bytes BIGINT;

UPDATE mailbox_message SET
    sort_date = COALESCE((SELECT m.sent_date FROM message m WHERE m.id = mailbox_message.message_id), internal_date),
    sort_from = (SELECT SUBSTRING(LOWER(m.from_address) FROM 1 FOR 200) FROM message m WHERE m.id = mailbox_message.message_id),
    sort_subject = (SELECT SUBSTRING(LOWER(m.subject) FROM 1 FOR 200) FROM message m WHERE m.id = mailbox_message.message_id),
    size_bytes = (SELECT m.size_bytes FROM message m WHERE m.id = mailbox_message.message_id);

ALTER TABLE mailbox_message ALTER COLUMN sort_date SET NOT NULL;
ALTER TABLE mailbox_message ALTER COLUMN sort_from SET NOT NULL;
ALTER TABLE mailbox_message ALTER COLUMN sort_subject SET NOT NULL;
ALTER TABLE mailbox_message ALTER COLUMN size_bytes SET NOT NULL;

CREATE INDEX ix_mm_sort_date ON mailbox_message (mailbox_id, sort_date, uid);
CREATE INDEX ix_mm_sort_from ON mailbox_message (mailbox_id, sort_from, uid);
CREATE INDEX ix_mm_sort_subject ON mailbox_message (mailbox_id, sort_subject, uid);
CREATE INDEX ix_mm_sort_size ON mailbox_message (mailbox_id, size_bytes, uid);

-- The signature the webmail puts under new mail, replies and forwards (plain text, without the "-- " line).
ALTER TABLE account ADD COLUMN signature VARCHAR(4000);
