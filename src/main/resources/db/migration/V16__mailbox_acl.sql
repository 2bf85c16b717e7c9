-- RFC 4314 access control lists: who besides the owner may do what with a mailbox.
-- identifier: an account address, lower-cased, or 'anyone'. rights: letters of lrswipkxtea, canonical order.
-- The owner has every right without a row. Rows go with their mailbox; an identifier is not a foreign key
-- (an ACL may name 'anyone', and removing an account leaves rows that name nobody until the address is reused).
CREATE TABLE mailbox_acl (
    mailbox_id  BIGINT NOT NULL,
    identifier  VARCHAR(320) NOT NULL,
    rights      VARCHAR(32) NOT NULL,
    CONSTRAINT pk_mailbox_acl PRIMARY KEY (mailbox_id, identifier),
    CONSTRAINT fk_acl_mailbox FOREIGN KEY (mailbox_id) REFERENCES mailbox (id) ON DELETE CASCADE
);
CREATE INDEX ix_mailbox_acl_identifier ON mailbox_acl (identifier);
