-- When a DATABASE blob was last written or reused; the sweeper only deletes unreferenced blobs unused for a while.
ALTER TABLE blob ADD COLUMN last_used TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
CREATE INDEX ix_blob_last_used ON blob (last_used);
