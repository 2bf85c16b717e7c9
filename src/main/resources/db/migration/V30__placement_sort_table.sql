-- The webmail's sort keys move from mailbox_message to a table of their own (issue 17). Every flag change (STORE,
-- \Seen on a body FETCH, \Deleted before EXPUNGE) updates mailbox_message rows, and H2 removes and re-adds an updated
-- row's entry in every index of the table, whether the indexed columns changed or not: the four sort indexes doubled
-- the cost of `UID STORE 1:* +FLAGS (\Seen)` on 5,000 messages. Rows here are written when a message is placed and
-- deleted with it, never updated. Values as V5 defined them. Runs on H2 2.x and PostgreSQL 15+.
CREATE TABLE mailbox_message_sort (
    mailbox_id    BIGINT NOT NULL,
    uid           BIGINT NOT NULL,
    sort_date     TIMESTAMP WITH TIME ZONE NOT NULL,
    sort_from     VARCHAR(200) NOT NULL,
    sort_subject  VARCHAR(200) NOT NULL,
    size_bytes    BIGINT NOT NULL,
    CONSTRAINT pk_mailbox_message_sort PRIMARY KEY (mailbox_id, uid),
    CONSTRAINT fk_mms_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (id) ON DELETE CASCADE
);

INSERT INTO mailbox_message_sort (mailbox_id, uid, sort_date, sort_from, sort_subject, size_bytes)
SELECT mailbox_id, uid, sort_date, sort_from, sort_subject, size_bytes FROM mailbox_message;

DROP INDEX ix_mm_sort_date;
DROP INDEX ix_mm_sort_from;
DROP INDEX ix_mm_sort_subject;
DROP INDEX ix_mm_sort_size;
-- sort_date and size_bytes stay on the placement too: IMAP SORT, the webmail's search and the counters read them there
ALTER TABLE mailbox_message DROP COLUMN sort_from;
ALTER TABLE mailbox_message DROP COLUMN sort_subject;

CREATE INDEX ix_mms_sort_date ON mailbox_message_sort (mailbox_id, sort_date, uid);
CREATE INDEX ix_mms_sort_from ON mailbox_message_sort (mailbox_id, sort_from, uid);
CREATE INDEX ix_mms_sort_subject ON mailbox_message_sort (mailbox_id, sort_subject, uid);
CREATE INDEX ix_mms_sort_size ON mailbox_message_sort (mailbox_id, size_bytes, uid);
