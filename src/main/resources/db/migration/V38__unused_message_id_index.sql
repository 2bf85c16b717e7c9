-- Issue 17: ix_message_message_id (account_id, message_id) served no query (threads are found through
-- message_keys and ix_message_thread; deleting an account's rows by account_id uses ix_message_thread's prefix), but
-- every delivery wrote it. Its key is the Message-ID, so each new row lands on a random page of the index: on H2 every
-- commit serialized one more page per message for it (about 7 % of a commit's bytes under SMTP load, measured with
-- MVStoreTool -dump: DESIGN-NOTES, "What an H2 commit writes").
DROP INDEX IF EXISTS ix_message_message_id;
