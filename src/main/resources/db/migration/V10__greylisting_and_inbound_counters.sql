-- Issue 13 (spam defence). Greylisting triplets: one row per (client network, sender, recipient), shared by every
-- node. first_seen starts the delay; passed_at is set by the first retry after the delay; expires_at bounds the row.
CREATE TABLE greylist_triplet (
    client_network VARCHAR(64)  NOT NULL,
    sender         VARCHAR(320) NOT NULL,
    recipient      VARCHAR(320) NOT NULL,
    first_seen     TIMESTAMP WITH TIME ZONE NOT NULL,
    passed_at      TIMESTAMP WITH TIME ZONE,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_greylist_triplet PRIMARY KEY (client_network, sender, recipient)
);
CREATE INDEX ix_greylist_expires ON greylist_triplet (expires_at);

-- What the MX did with mail for each local domain, in hourly buckets (admin page: the last 24 hours).
CREATE TABLE inbound_counter (
    domain   VARCHAR(253) NOT NULL,
    bucket_hour TIMESTAMP WITH TIME ZONE NOT NULL,
    accepted BIGINT NOT NULL DEFAULT 0,
    junked   BIGINT NOT NULL DEFAULT 0,
    refused  BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT pk_inbound_counter PRIMARY KEY (domain, bucket_hour)
);
