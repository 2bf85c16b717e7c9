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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blobs as files under {@code <root>/ab/cd/<sha256>}. A write goes to a temporary file in the target
 * directory, is fsynced, then atomically renamed into place, so a crash leaves either no blob or a whole one
 * (plus, at worst, a stray {@code .tmp} file that nothing reads).
 */
final class FilesystemBlobStore implements BlobStore {
    private static final Logger log = LoggerFactory.getLogger(FilesystemBlobStore.class);

    private final Path root;

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
            return hash;
        }
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, hash.substring(0, 8) + "-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 InputStream in = raw.open()) {
                OutputStream out = Channels.newOutputStream(channel);
                in.transferTo(out);
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // a concurrent writer stored the same content first: identical bytes, nothing to do
                Files.deleteIfExists(tmp);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
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
    public void checkWritable() throws IOException {
        Files.createDirectories(root);
        Path probe = Files.createTempFile(root, "health-", ".tmp");
        Files.delete(probe);
    }

    private Path pathOf(String hash) {
        return root.resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);
    }

    /** Makes the rename durable. Linux supports fsync on a directory; other systems may refuse it. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            log.debug("Directory fsync not supported for {}: {}", dir, e.toString());
        }
    }
}
