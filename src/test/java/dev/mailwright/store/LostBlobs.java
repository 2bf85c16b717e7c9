package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Tests that simulate a lost blob (a disk error, a deleted file) remove it from whichever tier holds it. */
public final class LostBlobs {
    private LostBlobs() {
    }

    /** Deletes the blob's file under {@code dataDir} and its row; fails when neither existed. */
    public static void lose(Path dataDir, JdbcClient jdbc, String hash) throws Exception {
        Path file = dataDir.resolve("blobs").resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);
        boolean fileDeleted = Files.deleteIfExists(file);
        int rowsDeleted = jdbc.sql("DELETE FROM blob WHERE hash = ?").param(hash).update();
        assertThat(fileDeleted || rowsDeleted > 0).as("blob %s was stored somewhere", hash).isTrue();
    }
}
