package dev.mailwright.store;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class H2FilesystemBlobTest extends BlobVisibilityContract {
    static Path dataDir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        dataDir = StoreTestSupport.common(registry);
        registry.add("mailwright.storage.blobs", () -> "FILESYSTEM");
        registry.add("mailwright.storage.inline-max", () -> "0");   // every blob a file
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:file:" + dataDir + "/mailwright;LOCK_TIMEOUT=1000;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Override
    boolean blobsCommitWithTheirRows() {
        return false;   // a file is written, fsynced, before the transaction; a failed delivery's file is swept later
    }

    @Override
    long storedCopies(String hash) throws Exception {
        return StoreTestSupport.blobFiles(dataDir.resolve("blobs"), hash);
    }
}
