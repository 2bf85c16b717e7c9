package dev.mailwright.store.integrity;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.LostBlobs;

class H2IntegrityCheckTest extends IntegrityCheckContract {
    static Path dataDir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        dataDir = Files.createTempDirectory("mailwright-integrity-");
        registry.add("mailwright.data-dir", dataDir::toString);
        IntegrityTestSupport.quiet(registry);
    }

    @Override
    void loseBlob(String hash) throws Exception {
        LostBlobs.lose(dataDir, jdbc, hash);
    }
}
