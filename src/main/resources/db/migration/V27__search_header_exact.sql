-- Issue 14 (imap-speed): whether message.search_header's lines are exactly the message's header fields (no decoded
-- value held a line break). Where TRUE, IMAP SEARCH decides header keys (FROM, HEADER, SENT*, ...) from that text
-- instead of reading the message's header from its blob. NULL (rows from before V27, copies of them): read the blob.
ALTER TABLE message ADD COLUMN search_header_exact BOOLEAN;
