-- Issue 17: mailbox_message keeps only what a flag change needs to find and rewrite (its primary key and the MODSEQ
-- index). H2 re-adds an updated row to every index of its table, so each index of mailbox_message is paid again by
-- every STORE, every \Seen set by a body FETCH and every \Deleted before EXPUNGE: the index H2 makes for the mailbox
-- foreign key (a foreign key needs an index on exactly its columns, the primary key does not count) and ix_mm_message
-- cost 38 % of `UID STORE 1:* +FLAGS (\Seen)` on 5,000 messages. The placement's message reference is indexed, and
-- both references are enforced, in V30's write-once table instead, renamed for what it now holds: the keys a placement
-- is found by besides (mailbox_id, uid), i.e. its message and the webmail's sort keys. Rows there are inserted and
-- deleted with the placement in one transaction and never updated; `admin check` compares the two tables.
-- Runs on H2 2.x and PostgreSQL 15+.
ALTER TABLE mailbox_message_sort RENAME TO mailbox_message_keys;
ALTER TABLE mailbox_message_keys RENAME CONSTRAINT pk_mailbox_message_sort TO pk_mailbox_message_keys;
ALTER TABLE mailbox_message_keys RENAME CONSTRAINT fk_mms_mailbox TO fk_mmk_mailbox;
ALTER INDEX ix_mms_sort_date RENAME TO ix_mmk_sort_date;
ALTER INDEX ix_mms_sort_from RENAME TO ix_mmk_sort_from;
ALTER INDEX ix_mms_sort_subject RENAME TO ix_mmk_sort_subject;
ALTER INDEX ix_mms_sort_size RENAME TO ix_mmk_sort_size;

ALTER TABLE mailbox_message_keys ADD COLUMN message_id BIGINT;
UPDATE mailbox_message_keys k SET message_id = (SELECT mm.message_id FROM mailbox_message mm
                                                WHERE mm.mailbox_id = k.mailbox_id AND mm.uid = k.uid);
-- a key row without its placement (only a damaged database has one) goes; `admin check --repair` derives missing rows
DELETE FROM mailbox_message_keys WHERE message_id IS NULL;
ALTER TABLE mailbox_message_keys ALTER COLUMN message_id SET NOT NULL;
CREATE INDEX ix_mmk_message ON mailbox_message_keys (message_id);
ALTER TABLE mailbox_message_keys ADD CONSTRAINT fk_mmk_message FOREIGN KEY (message_id) REFERENCES message (id);

-- IF EXISTS: an index repair that stopped half-way (admin check --repair) may have left either out
ALTER TABLE mailbox_message DROP CONSTRAINT IF EXISTS fk_mm_mailbox;
ALTER TABLE mailbox_message DROP CONSTRAINT IF EXISTS fk_mm_message;
DROP INDEX IF EXISTS ix_mm_message;
