-- Issue 16: senders whose remote content (images, CSS backgrounds) an account always shows. The webmail applies an
-- entry only to a message whose From address our own Authentication-Results verify, so a forged From unlocks nothing.
-- Runs on H2 2.x and PostgreSQL 15+.
CREATE TABLE trusted_sender (
    account_id    BIGINT NOT NULL,
    address_lower VARCHAR(320) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_trusted_sender PRIMARY KEY (account_id, address_lower),
    CONSTRAINT fk_trusted_sender_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);
