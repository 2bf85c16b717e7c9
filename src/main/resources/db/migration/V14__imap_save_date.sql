-- IMAP SAVEDATE (RFC 8514): when the message was put into this mailbox (delivery, APPEND, COPY, MOVE). Every insert
-- into mailbox_message is such a moment, so the database's clock fills it by default and no insert names it.
-- Rows from before this migration get their internal date, the closest thing to a save date they have.
-- (OBJECTID and PREVIEW need no column: EMAILID is message.id, which copies share; MAILBOXID is mailbox.id, kept by
-- RENAME; THREADID derives from message.thread_key; PREVIEW is message.preview, stored at ingest since V1.)
ALTER TABLE mailbox_message ADD COLUMN save_date TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP;
UPDATE mailbox_message SET save_date = internal_date;
ALTER TABLE mailbox_message ALTER COLUMN save_date SET NOT NULL;
