-- \Seen kept per user on other accounts' mailboxes (RFC 4314 §4 lets a server keep it per user; Dovecot and Cyrus
-- do): the owner's \Seen stays in mailbox_message.seen, everyone else's is here. No row: not seen by that user.
-- modseq: when that user last changed it (CONDSTORE, RFC 7162), from the mailbox's one MODSEQ sequence.
CREATE TABLE mailbox_seen (
    account_id  BIGINT NOT NULL,
    mailbox_id  BIGINT NOT NULL,
    uid         BIGINT NOT NULL,
    seen        BOOLEAN NOT NULL,
    modseq      BIGINT NOT NULL,
    CONSTRAINT pk_mailbox_seen PRIMARY KEY (account_id, mailbox_id, uid),
    CONSTRAINT fk_ms_placement FOREIGN KEY (mailbox_id, uid) REFERENCES mailbox_message (mailbox_id, uid) ON DELETE CASCADE,
    CONSTRAINT fk_ms_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);
CREATE INDEX ix_ms_placement ON mailbox_seen (mailbox_id, uid);
