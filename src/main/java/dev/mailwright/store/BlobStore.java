package dev.mailwright.store;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Content-addressed storage of raw messages. The address is the lower-case hex SHA-256 of the bytes, so
 * identical content is stored once. {@link #put} is idempotent and atomic: a reader sees either nothing or
 * the complete blob. A file is written BEFORE the metadata transaction that names it; a blob kept in the database
 * is written INSIDE that transaction ({@link #stage}). A blob that no row references is invisible through
 * {@link MailStore}.
 */
public interface BlobStore {

    /** Stores the bytes (unless already present) and returns their hash. */
    String put(MessageSource raw) throws IOException;

    /**
     * Readies {@code raw} for the store transaction that will insert the rows naming it. A store that keeps bytes
     * outside the database writes them now, durably ({@link #put}); one that keeps them in the database holds them
     * until {@link Staged#writeInTransaction} runs inside that transaction, so they commit, or roll back, with the
     * rows (one commit, one fsync, nothing left behind by a failed delivery).
     */
    default Staged stage(MessageSource raw) throws IOException {
        return Staged.written(put(raw));
    }

    /**
     * A blob on its way in: its address, and what the transaction that references it still has to write
     * ({@code writer}, run by {@link #writeInTransaction}). {@code upsertContent}: the bytes when the writer is
     * {@link #UPSERT_POSTGRES} of them and nothing else, so that the statement placing the message may insert them
     * itself instead of the writer (one round trip less); else {@code null}.
     */
    record Staged(String hash, Runnable writer, byte[] upsertContent) {
        Staged(String hash, Runnable writer) {
            this(hash, writer, null);
        }

        /** Runs inside the transaction that inserts the rows naming {@link #hash}; idempotent within it. */
        public void writeInTransaction() {
            writer.run();
        }

        /** A blob already stored: nothing left to write. */
        static Staged written(String hash) {
            return new Staged(hash, () -> { });
        }
    }

    /**
     * PostgreSQL: a blob kept in the {@code blob} table, inserted, or marked as just used when the same content is
     * there already (a reuse counts as a write for the sweeper, which must not delete what the transaction is about to
     * reference); safe against a concurrent insert of the same content, which a plain INSERT would fail on (and
     * PostgreSQL would then abort the whole delivery transaction). Parameters: hash, size, content, now.
     */
    String UPSERT_POSTGRES = """
            INSERT INTO blob (hash, size_bytes, content, last_used) VALUES (?, ?, ?, ?)
            ON CONFLICT (hash) DO UPDATE SET last_used = EXCLUDED.last_used""";

    /** Opens a stored blob. Throws {@link java.nio.file.NoSuchFileException} when absent. */
    InputStream open(String hash) throws IOException;

    boolean contains(String hash) throws IOException;

    /**
     * {@link #contains}, asked right before the caller opens the blob (FETCH and POP3 probe, then read): a store whose
     * every read is a round trip may read the bytes now and serve the {@link #open} that follows from them.
     */
    default boolean containsBeforeOpen(String hash) throws IOException {
        return contains(hash);
    }

    /**
     * Blobs up to this many bytes may live in the database's {@code blob} table, where a reader can select them with
     * the rows that name them and hand them over ({@link #readWithRow}); 0 when this store keeps none there.
     */
    default long rowContentMax() {
        return 0;
    }

    /**
     * A blob's bytes the caller read from the {@code blob} table, kept for the {@link #containsBeforeOpen} and
     * {@link #open} that follow. Content-addressed: kept bytes are never stale.
     */
    default void readWithRow(String hash, byte[] content) {
    }

    /**
     * Hashes of blobs last written or reused (by {@link #put}) before {@code cutoff}: the sweeper's candidates.
     * May also clean up leftovers of interrupted writes older than {@code cutoff}.
     */
    void forEachUnusedSince(Instant cutoff, Consumer<String> sink) throws IOException;

    /**
     * Deletes the blob unless {@code referenced} says a committed row still needs it or {@link #put} reused it at
     * or after {@code cutoff}. Safe against a concurrent {@code put} of the same content: that put either keeps
     * the blob alive or stores it again. Returns whether the blob was deleted.
     */
    boolean deleteIfUnused(String hash, Instant cutoff, Predicate<String> referenced) throws IOException;

    /** A cheap check that the store can take writes, for the health endpoint. */
    void checkWritable() throws IOException;

    /** The SHA-256 of the bytes as 64 lower-case hex digits. */
    static String hashOf(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** The SHA-256 of the source as 64 lower-case hex digits. */
    static String hashOf(MessageSource raw) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = raw.open()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Whether {@code hash} has the shape of a blob address (guards path building). */
    static boolean isValidHash(String hash) {
        if (hash == null || hash.length() != 64) {
            return false;
        }
        for (int i = 0; i < hash.length(); i++) {
            char c = hash.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
