package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** H2's page cache on a file database: the configured size, and the automatic one from the heap. */
@SpringBootTest
class H2PageCacheTest {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        StoreTestSupport.h2File(registry);
        registry.add("mailwright.storage.h2-page-cache", () -> "48MB");
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void theFileDatabaseShouldKeepTheConfiguredSizeOfPages() {
        String megabytes = jdbc.sql("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CACHE_MAX_SIZE'")
                .query(String.class).single();
        assertThat(Integer.parseInt(megabytes.trim())).as("H2's own default is 16 MB").isEqualTo(48);
    }

    @Test
    void automaticShouldBeASixteenthOfTheHeapWithinItsBounds() {
        long mb = 1L << 20;
        assertThat(H2PageCache.bytes(0, 1024 * mb)).isEqualTo(64 * mb);
        assertThat(H2PageCache.bytes(0, 128 * mb)).as("a small heap").isEqualTo(16 * mb);
        assertThat(H2PageCache.bytes(0, 6 * 1024 * mb)).as("a large heap").isEqualTo(128 * mb);
        assertThat(H2PageCache.bytes(48 * mb, 32 * 1024 * mb)).as("configured").isEqualTo(48 * mb);
    }
}
