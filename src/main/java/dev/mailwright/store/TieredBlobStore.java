package dev.mailwright.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The default store ({@code mailwright.storage.blobs=FILESYSTEM}): blobs up to {@code mailwright.storage.inline-max}
 * in the database's {@code blob} table, written by the delivery's own transaction; larger ones as files. A small
 * message then costs no file of its own, no file fsync and no directory fsync before its commit: its bytes ride in
 * the commit that the store fsyncs anyway, shared with every delivery of the same group commit. Large messages stay
 * files, where the database file does not have to carry (and compact) them.
 *
 * <p>Content decides the tier (its size), so identical content always lands in the same one; blobs written before
 * the limit changed are found wherever they are: reads try the file first (a missing file costs one failed
 * {@code open}), then the table.
 */
final class TieredBlobStore implements BlobStore {
    private final FilesystemBlobStore files;
    private final DatabaseBlobStore rows;
    private final long inlineMax;

    TieredBlobStore(FilesystemBlobStore files, DatabaseBlobStore rows, long inlineMax) {
        this.files = files;
        this.rows = rows;
        this.inlineMax = inlineMax;
    }

    private BlobStore tierOf(MessageSource raw) {
        return raw.size() <= inlineMax ? rows : files;
    }

    @Override
    public String put(MessageSource raw) throws IOException {
        return tierOf(raw).put(raw);
    }

    @Override
    public Staged stage(MessageSource raw) throws IOException {
        return tierOf(raw).stage(raw);
    }

    @Override
    public InputStream open(String hash) throws IOException {
        InputStream read = rows.openIfRead(hash);
        if (read != null) {
            return read;
        }
        try {
            return files.open(hash);
        } catch (NoSuchFileException e) {
            return rows.open(hash);
        }
    }

    @Override
    public boolean contains(String hash) throws IOException {
        return files.contains(hash) || rows.contains(hash);
    }

    @Override
    public boolean containsBeforeOpen(String hash) throws IOException {
        return rows.hasRead(hash) || files.contains(hash) || rows.containsBeforeOpen(hash);
    }

    @Override
    public long rowContentMax() {
        return rows.rowContentMax();
    }

    @Override
    public void readWithRow(String hash, byte[] content) {
        rows.readWithRow(hash, content);
    }

    @Override
    public void forEachUnusedSince(Instant cutoff, Consumer<String> sink) throws IOException {
        files.forEachUnusedSince(cutoff, sink);
        rows.forEachUnusedSince(cutoff, sink);
    }

    /**
     * Deletes from the tier that holds the blob, the file first; content kept in both (the limit changed between two
     * deliveries of it) loses its row at the next sweep.
     */
    @Override
    public boolean deleteIfUnused(String hash, Instant cutoff, Predicate<String> referenced) throws IOException {
        return files.contains(hash) ? files.deleteIfUnused(hash, cutoff, referenced)
                : rows.deleteIfUnused(hash, cutoff, referenced);
    }

    @Override
    public void checkWritable() throws IOException {
        files.checkWritable();
        rows.checkWritable();
    }
}
