-- Issue 17: index maps that every delivery (and every mailbox counter update) rewrote for nothing. H2 gives a
-- foreign key an index on exactly its columns, even where a wider index starts with them, and every insert or
-- update writes each index of its table (their pages are serialized again at commit).
--
-- Accounts are never deleted (they are disabled), so the account foreign keys' cascades below never ran; since V31
-- the placements have no foreign key either, so deleting an account would have to delete its rows explicitly anyway.
--
-- mailbox: ix_mailbox_account (account_id) and, on H2, the account foreign key's own index repeat the prefix of
-- uq_mailbox_name (account_id, name). The counters' UPDATE at each delivery and flag change rewrote both.
DROP INDEX IF EXISTS ix_mailbox_account;
ALTER TABLE mailbox DROP CONSTRAINT fk_mailbox_account;

-- message: the account's foreign key kept an index (account_id) of its own on H2 beside ix_message_thread and
-- ix_message_message_id, which both start with account_id; a message row is only ever inserted for the account
-- that receives it.
ALTER TABLE message DROP CONSTRAINT fk_message_account;

-- mailbox_message_keys: the mailbox's foreign key kept an index (mailbox_id) beside the primary key
-- (mailbox_id, uid). Deleting a mailbox deletes its key rows explicitly in the same transaction (MailboxMutations),
-- as it does its placements, which lost their foreign keys in V31 for the same reason.
ALTER TABLE mailbox_message_keys DROP CONSTRAINT fk_mmk_mailbox;
