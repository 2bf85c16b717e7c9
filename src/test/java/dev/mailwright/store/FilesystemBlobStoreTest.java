package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
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

    private List<Path> regularFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
