-- Issue 15 (webmail filters page). The last Sieve failure at delivery per account (the script did not compile or
-- failed at run time, so the message went to the INBOX): shown on the user's Filters page until dismissed.
CREATE TABLE sieve_run_error (
    account_id   BIGINT NOT NULL PRIMARY KEY,
    script_name  VARCHAR(255) NOT NULL,
    message      VARCHAR(1000) NOT NULL,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fk_sieve_run_error_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);
