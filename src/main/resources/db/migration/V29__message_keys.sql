-- The SORT and THREAD keys of a message (V11's sort_* columns, and the ids THREAD=REFERENCES links by) move to a
-- narrow table of their own (issue 14): the first SORT or THREAD of a large mailbox reads these short rows instead
-- of the wide message rows (on H2, reading 100,000 message rows for them took several seconds). Text keys are
-- i;ascii-casemap'd and at most 512 characters, as in V11. thread_parents: the References ids, else the In-Reply-To
-- id (RFC 5256 §3 REFERENCES step 1), separated by spaces, the oldest dropped beyond 16,000 characters.
-- Messages stored before this version get their row from SortFieldsCatchUp after start; until then their keys are
-- computed from the message row as it is read.
CREATE TABLE message_keys (
    message_id        BIGINT PRIMARY KEY,
    base_subject      VARCHAR(512) NOT NULL,
    reply             BOOLEAN NOT NULL,
    from_mailbox      VARCHAR(512) NOT NULL,
    to_mailbox        VARCHAR(512) NOT NULL,
    cc_mailbox        VARCHAR(512) NOT NULL,
    display_from      VARCHAR(512) NOT NULL,
    display_to        VARCHAR(512) NOT NULL,
    header_message_id VARCHAR(998),
    thread_parents    VARCHAR(16000) NOT NULL,
    CONSTRAINT fk_keys_message FOREIGN KEY (message_id) REFERENCES message (id) ON DELETE CASCADE
);
ALTER TABLE message DROP COLUMN sort_base_subject;
ALTER TABLE message DROP COLUMN sort_reply;
ALTER TABLE message DROP COLUMN sort_from_mailbox;
ALTER TABLE message DROP COLUMN sort_to_mailbox;
ALTER TABLE message DROP COLUMN sort_cc_mailbox;
ALTER TABLE message DROP COLUMN sort_display_from;
ALTER TABLE message DROP COLUMN sort_display_to;
