package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBlobStoreTest {
    @TempDir
    Path dir;

    @Test
    void putShouldStoreContentOnceUnderItsSha256Path() throws Exception {
        FilesystemBlobStore blobs = new FilesystemBlobStore(dir.resolve("blobs"));
        byte[] bytes = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));

        String first = blobs.put(MessageSource.of(bytes));
        String second = blobs.put(MessageSource.of(bytes.clone()));

        assertThat(first).isEqualTo(expected).isEqualTo(second);
        Path file = dir.resolve("blobs").resolve(expected.substring(0, 2)).resolve(expected.substring(2, 4)).resolve(expected);
        assertThat(file).exists().hasBinaryContent(bytes);
        assertThat(regularFiles()).containsExactly(file);
        try (InputStream in = blobs.open(first)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void concurrentPutsOfTheSameContentShouldLeaveOneCompleteFileAndNoTemporaries() throws Exception {
        FilesystemBlobStore blobs = new FilesystemBlobStore(dir);
        byte[] bytes = new byte[256 * 1024];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                futures.add(pool.submit(() -> blobs.put(MessageSource.of(bytes))));
            }
            String hash = futures.getFirst().get(30, TimeUnit.SECONDS);
            for (Future<String> f : futures) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(hash);
            }
            assertThat(regularFiles()).hasSize(1).allSatisfy(p -> assertThat(p).hasBinaryContent(bytes));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void openShouldRefuseMissingAndMalformedHashes() {
        FilesystemBlobStore blobs = new FilesystemBlobStore(dir);
        assertThatThrownBy(() -> blobs.open("ab".repeat(32))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> blobs.open("../../../../etc/passwd")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> blobs.open("AB".repeat(32))).isInstanceOf(NoSuchFileException.class);
        assertThat(blobs.contains("../x")).isFalse();
    }

    @Test
    void checkWritableShouldFailWhenTheRootIsNotADirectory() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> new FilesystemBlobStore(notADir).checkWritable()).isInstanceOf(IOException.class);
        new FilesystemBlobStore(dir.resolve("fresh")).checkWritable();
        assertThat(dir.resolve("fresh")).isDirectory().isEmptyDirectory();
    }

    @Test
    void deleteIfUnusedShouldKeepReferencedAndRecentlyReusedBlobs() throws Exception {
        FilesystemBlobStore blobs = new FilesystemBlobStore(dir);
        String kept = blobs.put(MessageSource.of("referenced".getBytes(StandardCharsets.US_ASCII)));
        String reused = blobs.put(MessageSource.of("reused".getBytes(StandardCharsets.US_ASCII)));
        String unused = blobs.put(MessageSource.of("unused".getBytes(StandardCharsets.US_ASCII)));
        Instant old = Instant.now().minus(2, ChronoUnit.HOURS);
        for (String hash : List.of(kept, reused, unused)) {
            Files.setLastModifiedTime(path(hash), FileTime.from(old));
        }
        blobs.put(MessageSource.of("reused".getBytes(StandardCharsets.US_ASCII)));   // refreshes the time
        Instant cutoff = Instant.now().minus(1, ChronoUnit.HOURS);

        List<String> candidates = new ArrayList<>();
        blobs.forEachUnusedSince(cutoff, candidates::add);
        assertThat(candidates).containsExactlyInAnyOrder(kept, unused);
        assertThat(blobs.deleteIfUnused(kept, cutoff, kept::equals)).isFalse();
        assertThat(blobs.deleteIfUnused(reused, cutoff, h -> false)).isFalse();
        assertThat(blobs.deleteIfUnused(unused, cutoff, h -> false)).isTrue();
        assertThat(blobs.contains(kept)).isTrue();
        assertThat(blobs.contains(reused)).isTrue();
        assertThat(blobs.contains(unused)).isFalse();
        assertThat(blobs.deleteIfUnused(unused, cutoff, h -> false)).isFalse();
    }

    @Test
    void blobReferencedWhileBeingSweptShouldBePutBack() throws Exception {
        FilesystemBlobStore blobs = new FilesystemBlobStore(dir);
        String hash = blobs.put(MessageSource.of("racing".getBytes(StandardCharsets.US_ASCII)));
        Files.setLastModifiedTime(path(hash), FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        int[] checks = {0};
        // first check: unreferenced; second check (after the move aside): a transaction committed a reference
        assertThat(blobs.deleteIfUnused(hash, Instant.now().minus(1, ChronoUnit.HOURS), h -> checks[0]++ > 0)).isFalse();
        assertThat(blobs.contains(hash)).isTrue();
        assertThat(regularFiles()).containsExactly(path(hash));
    }

    @Test
    void sweepShouldRemoveStaleTemporariesAndRestoreBlobsOfAnInterruptedSweep() throws Exception {
        FilesystemBlobStore blobs = new FilesystemBlobStore(dir);
        String hash = blobs.put(MessageSource.of("moved aside".getBytes(StandardCharsets.US_ASCII)));
        Path aside = path(hash).resolveSibling(hash + ".sweep-123");
        Files.move(path(hash), aside);
        Path staleTemp = Files.writeString(path(hash).resolveSibling("deadbeef-1.tmp"), "partial");
        Files.setLastModifiedTime(staleTemp, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));

        blobs.forEachUnusedSince(Instant.now().minus(1, ChronoUnit.HOURS), h -> { });

        assertThat(staleTemp).doesNotExist();
        assertThat(aside).doesNotExist();
        assertThat(blobs.contains(hash)).isTrue();
    }

    private Path path(String hash) {
        return dir.resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);
    }

    private List<Path> regularFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
