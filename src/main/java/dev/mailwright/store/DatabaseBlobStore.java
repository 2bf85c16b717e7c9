package dev.mailwright.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Blobs in the {@code blob} table, for deployments where several nodes share one PostgreSQL. Each write is
 * its own transaction (it happens before the metadata transaction, as on the filesystem).
 */
final class DatabaseBlobStore implements BlobStore {
    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;

    DatabaseBlobStore(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public String put(MessageSource raw) throws IOException {
        String hash = BlobStore.hashOf(raw);
        int reused;
        try {
            // a reuse counts as a write for the sweeper: it must not delete what a transaction is about to reference
            reused = ownTransaction.execute(status -> jdbc.sql("UPDATE blob SET last_used = ? WHERE hash = ?")
                    .params(OffsetDateTime.now(ZoneOffset.UTC), hash).update());
        } catch (DataAccessException | TransactionException e) {
            throw new IOException("Cannot store blob " + hash, e);
        }
        if (reused > 0) {
            return hash;
        }
        byte[] bytes;
        try (InputStream in = raw.open()) {
            bytes = in.readAllBytes();
        }
        try {
            ownTransaction.executeWithoutResult(status -> jdbc
                    .sql("INSERT INTO blob (hash, size_bytes, content, last_used) VALUES (?, ?, ?, ?)")
                    .params(hash, (long) bytes.length, bytes, OffsetDateTime.now(ZoneOffset.UTC))
                    .update());
        } catch (DuplicateKeyException e) {
            // stored concurrently by another delivery of the same content: identical bytes
            return hash;
        } catch (DataAccessException | TransactionException e) {
            throw new IOException("Cannot store blob " + hash, e);
        }
        return hash;
    }

    @Override
    public InputStream open(String hash) throws IOException {
        Optional<byte[]> content;
        try {
            content = jdbc.sql("SELECT content FROM blob WHERE hash = ?").param(hash)
                    .query((rs, n) -> rs.getBytes(1)).optional();
        } catch (DataAccessException e) {
            throw new IOException("Cannot read blob " + hash, e);
        }
        return new ByteArrayInputStream(content.orElseThrow(() -> new NoSuchFileException(hash)));
    }

    @Override
    public boolean contains(String hash) throws IOException {
        try {
            return jdbc.sql("SELECT COUNT(*) FROM blob WHERE hash = ?").param(hash).query(Long.class).single() > 0;
        } catch (DataAccessException e) {
            throw new IOException("Cannot read blob " + hash, e);
        }
    }

    @Override
    public void forEachUnusedSince(Instant cutoff, Consumer<String> sink) throws IOException {
        List<String> hashes;
        try {
            hashes = jdbc.sql("SELECT hash FROM blob WHERE last_used < ? ORDER BY hash")
                    .param(cutoff.atOffset(ZoneOffset.UTC)).query(String.class).list();
        } catch (DataAccessException e) {
            throw new IOException("Cannot list blobs", e);
        }
        hashes.forEach(sink);
    }

    /** The DELETE re-checks {@code last_used}: a concurrent reuse either refreshed it first or inserts anew after. */
    @Override
    public boolean deleteIfUnused(String hash, Instant cutoff, Predicate<String> referenced) throws IOException {
        if (referenced.test(hash)) {
            return false;
        }
        try {
            return ownTransaction.execute(status -> jdbc.sql("DELETE FROM blob WHERE hash = ? AND last_used < ?")
                    .params(hash, cutoff.atOffset(ZoneOffset.UTC)).update()) > 0;
        } catch (DataAccessException e) {
            throw new IOException("Cannot delete blob " + hash, e);
        }
    }

    @Override
    public void checkWritable() throws IOException {
        try {
            jdbc.sql("SELECT COUNT(*) FROM blob WHERE hash = ?").param("health").query(Long.class).single();
        } catch (DataAccessException e) {
            throw new IOException("Blob table unreachable", e);
        }
    }
}
