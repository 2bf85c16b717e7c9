package dev.mailwright.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blobs as files under {@code <root>/ab/cd/<sha256>}. A write goes to a temporary file in the target
 * directory, is fsynced, then atomically renamed into place, so a crash leaves either no blob or a whole one
 * (plus, at worst, a stray {@code .tmp} file that nothing reads).
 */
final class FilesystemBlobStore implements BlobStore {
    private static final Logger log = LoggerFactory.getLogger(FilesystemBlobStore.class);

    private static final String SWEEP_MARK = ".sweep-";

    private final Path root;
    private final DirectorySync directories = new DirectorySync();

    FilesystemBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    @Override
    public String put(MessageSource raw) throws IOException {
        String hash = BlobStore.hashOf(raw);
        Path target = pathOf(hash);
        if (Files.exists(target)) {
            try {
                // a reuse counts as a write for the sweeper: it must not delete what a transaction is about to reference
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
                return hash;
            } catch (NoSuchFileException e) {
                log.debug("Blob {} was swept while being reused; storing it again", hash);
            }
        }
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);   // only when missing: it throws and catches internally when it exists
        }
        // a name of our own and one open with CREATE_NEW: Files.createTempFile would open and close the file first
        Path tmp = dir.resolve(hash.substring(0, 8) + "-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 InputStream in = raw.open()) {
                OutputStream out = Channels.newOutputStream(channel);
                in.transferTo(out);
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                moved = true;
            } catch (FileAlreadyExistsException e) {
                // a concurrent writer stored the same content first: identical bytes, nothing to do
            }
            directories.sync(dir);   // the rename is durable before the caller commits a row that names the blob
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
        return hash;
    }

    @Override
    public InputStream open(String hash) throws IOException {
        if (!BlobStore.isValidHash(hash)) {
            throw new NoSuchFileException(String.valueOf(hash));
        }
        return Files.newInputStream(pathOf(hash));
    }

    @Override
    public boolean contains(String hash) {
        return BlobStore.isValidHash(hash) && Files.exists(pathOf(hash));
    }

    @Override
    public void forEachUnusedSince(Instant cutoff, Consumer<String> sink) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> candidates;
        try (Stream<Path> files = Files.walk(root, 3)) {
            candidates = files.filter(Files::isRegularFile).toList();
        }
        for (Path file : candidates) {
            String name = file.getFileName().toString();
            try {
                boolean old = Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
                if (BlobStore.isValidHash(name)) {
                    if (old) {
                        sink.accept(name);
                    }
                } else if (name.contains(SWEEP_MARK)) {
                    restoreInterruptedSweep(file, name);
                } else if (name.endsWith(".tmp") && old) {
                    Files.deleteIfExists(file);   // an interrupted write: never renamed into place, never referenced
                }
            } catch (NoSuchFileException e) {
                log.debug("{} vanished during the sweep", file);
            }
        }
    }

    /**
     * Moves the blob aside atomically, then decides: a {@link #put} that reused it before the move refreshed
     * its time (so it goes back), a put after the move finds no file and writes it anew.
     */
    @Override
    public boolean deleteIfUnused(String hash, Instant cutoff, Predicate<String> referenced) throws IOException {
        if (!BlobStore.isValidHash(hash)) {
            return false;
        }
        Path target = pathOf(hash);
        try {
            if (!Files.getLastModifiedTime(target).toInstant().isBefore(cutoff) || referenced.test(hash)) {
                return false;
            }
            Path aside = target.resolveSibling(hash + SWEEP_MARK + System.nanoTime());
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            if (!Files.getLastModifiedTime(aside).toInstant().isBefore(cutoff) || referenced.test(hash)) {
                Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return false;
            }
            Files.delete(aside);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** A sweep that died after moving a blob aside: put it back and let the next sweep decide again. */
    private void restoreInterruptedSweep(Path file, String name) throws IOException {
        String hash = name.substring(0, name.indexOf(SWEEP_MARK));
        if (BlobStore.isValidHash(hash) && !Files.exists(file.resolveSibling(hash))) {
            Files.move(file, file.resolveSibling(hash), StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public void checkWritable() throws IOException {
        Files.createDirectories(root);
        Path probe = Files.createTempFile(root, "health-", ".tmp");
        Files.delete(probe);
    }

    private Path pathOf(String hash) {
        return root.resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);
    }
}
