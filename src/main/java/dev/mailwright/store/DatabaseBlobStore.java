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
 * Blobs in the {@code blob} table: every blob when several nodes share one PostgreSQL
 * ({@code mailwright.storage.blobs=DATABASE}), the small ones beside the files otherwise ({@link TieredBlobStore}).
 * A delivery's blob up to {@code inTransactionMax} is written in the delivery's own transaction ({@link #stage}): it
 * commits with the rows that name it, under the same fsync, or not at all. A larger one is written at once in a
 * transaction of its own, as a file would be, so that a MULTIAPPEND of large messages never holds them all in memory
 * until its transaction (an unreferenced one is swept).
 */
final class DatabaseBlobStore implements BlobStore {
    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final boolean postgres;
    private final long inTransactionMax;
    /**
     * Blobs read by {@link #containsBeforeOpen} or with their rows ({@link #readWithRow}), kept for the probe and open
     * that follow (a FETCH of a body probes, then opens, possibly twice for two sections). Content-addressed: a kept
     * blob is never stale. At most {@link #PROBED_BYTES}.
     */
    private final RecentlyRead justProbed = new RecentlyRead(PROBED_BYTES);
    static final long PROBED_BYTES = 8L * 1024 * 1024;

    DatabaseBlobStore(JdbcClient jdbc, PlatformTransactionManager transactions, boolean postgres, long inTransactionMax) {
        this.jdbc = jdbc;
        this.postgres = postgres;
        this.inTransactionMax = inTransactionMax;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A blob stored in a transaction of its own: one above {@code inTransactionMax} when staged, and tests. */
    @Override
    public String put(MessageSource raw) throws IOException {
        Staged staged = pending(raw);
        try {
            ownTransaction.executeWithoutResult(status -> staged.writeInTransaction());
        } catch (DataAccessException | TransactionException e) {
            throw new IOException("Cannot store blob " + staged.hash(), e);
        }
        return staged.hash();
    }

    @Override
    public Staged stage(MessageSource raw) throws IOException {
        return raw.size() <= inTransactionMax ? pending(raw) : Staged.written(put(raw));
    }

    /** The bytes read into memory, to be written by whichever transaction runs the writer. */
    private Staged pending(MessageSource raw) throws IOException {
        byte[] bytes;
        try (InputStream in = raw.open()) {
            bytes = in.readAllBytes();
        }
        String hash = BlobStore.hashOf(bytes);
        return new Staged(hash, () -> write(hash, bytes), postgres ? bytes : null);
    }

    /**
     * Inserts the blob, or marks the stored one as just used: a reuse counts as a write for the sweeper, which must
     * not delete what this transaction is about to reference (it deletes only rows unused since before its cutoff).
     */
    private void write(String hash, byte[] bytes) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (postgres) {
            jdbc.sql(UPSERT_POSTGRES).params(hash, (long) bytes.length, bytes, now).update();
            return;
        }
        try {
            jdbc.sql("INSERT INTO blob (hash, size_bytes, content, last_used) VALUES (?, ?, ?, ?)")
                    .params(hash, (long) bytes.length, bytes, now).update();
        } catch (DuplicateKeyException e) {
            // the same content stored before (H2 fails the statement alone, the transaction goes on): identical bytes
            jdbc.sql("UPDATE blob SET last_used = ? WHERE hash = ?").params(now, hash).update();
        }
    }

    @Override
    public InputStream open(String hash) throws IOException {
        InputStream read = openIfRead(hash);
        return read != null ? read : new ByteArrayInputStream(read(hash).orElseThrow(() -> new NoSuchFileException(hash)));
    }

    /** The blob from the bytes kept by a probe or a row's reader, else {@code null}: no statement. */
    InputStream openIfRead(String hash) {
        byte[] kept = justProbed.get(hash);
        return kept == null ? null : new ByteArrayInputStream(kept);
    }

    boolean hasRead(String hash) {
        return justProbed.get(hash) != null;
    }

    /** What this store writes in a delivery's own transaction: the blobs a FETCH may read with their rows. */
    @Override
    public long rowContentMax() {
        return inTransactionMax;
    }

    @Override
    public void readWithRow(String hash, byte[] content) {
        justProbed.keep(hash, content);
    }

    private Optional<byte[]> read(String hash) throws IOException {
        try {
            return jdbc.sql("SELECT content FROM blob WHERE hash = ?").param(hash)
                    .query((rs, n) -> rs.getBytes(1)).optional();
        } catch (DataAccessException e) {
            throw new IOException("Cannot read blob " + hash, e);
        }
    }

    /**
     * The probe reads the row: the open that follows is served from {@link #justProbed} without a round trip. A blob
     * larger than {@link #PROBED_BYTES} could not be kept: its bytes are not read twice, the probe asks for existence.
     */
    @Override
    public boolean containsBeforeOpen(String hash) throws IOException {
        if (hasRead(hash)) {
            return true;
        }
        Optional<Optional<byte[]>> row;
        try {
            row = jdbc.sql("SELECT CASE WHEN size_bytes <= ? THEN content END FROM blob WHERE hash = ?")
                    .params(PROBED_BYTES, hash).query((rs, n) -> Optional.ofNullable(rs.getBytes(1))).optional();
        } catch (DataAccessException e) {
            throw new IOException("Cannot read blob " + hash, e);
        }
        row.flatMap(content -> content).ifPresent(bytes -> justProbed.keep(hash, bytes));
        return row.isPresent();
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

    /** The most recently read blobs, least recently used out first, up to a total of bytes. */
    static final class RecentlyRead {
        private final long maxBytes;
        private final java.util.LinkedHashMap<String, byte[]> kept = new java.util.LinkedHashMap<>(16, 0.75f, true);
        private long bytes;

        RecentlyRead(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        synchronized void keep(String hash, byte[] content) {
            if (content.length > maxBytes) {
                return;
            }
            byte[] before = kept.put(hash, content);
            bytes += content.length - (before == null ? 0 : before.length);
            var oldest = kept.entrySet().iterator();
            while (bytes > maxBytes && oldest.hasNext()) {
                bytes -= oldest.next().getValue().length;
                oldest.remove();
            }
        }

        synchronized byte[] get(String hash) {
            return kept.get(hash);
        }
    }
}
