-- openMessage and the blob sweeper ask whether a queue entry still references a blob
CREATE INDEX ix_outbound_blob ON outbound_queue (blob_hash);
