-- Issue 17: EXPUNGE asks which messages of a mailbox carry \Deleted (MessageRows.deletedUids, deleted = TRUE). Without
-- an index on the flag PostgreSQL read every row of the mailbox for it (0.17 ms on the bench's 100-message mailboxes,
-- in proportion on larger ones). The partial index holds only the rows marked \Deleted, usually none or a few. Flag
-- changes already leave the heap-only-tuple path (the modseq index), so the index adds one entry per \Deleted mark.
CREATE INDEX ix_mm_deleted ON mailbox_message (mailbox_id, uid) WHERE deleted;
