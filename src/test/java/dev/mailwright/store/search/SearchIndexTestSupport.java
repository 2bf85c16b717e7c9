package dev.mailwright.store.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mailwright.store.MessageSource;
import dev.mailwright.store.TestPostgres;

/** Database settings and messages for the search index tests (H2 in a fresh data dir, or the PostgreSQL test database). */
final class SearchIndexTestSupport {
    static final String POSTGRES_URL = "MAILWRIGHT_TEST_POSTGRES_URL";

    private SearchIndexTestSupport() {
    }

    /** Properties of a store-only application (every listener off) on {@code dataDir}, PostgreSQL when asked. */
    static Map<String, Object> properties(Path dataDir, boolean postgres) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mailwright.data-dir", dataDir.toString());
        p.put("mailwright.domains", "example.test");
        for (String listener : new String[] {"smtp", "submission", "submissions", "imap", "imaps"}) {
            p.put("mailwright." + listener + ".port", "0");
        }
        p.put("server.port", "0");
        if (postgres) {
            p.put("spring.datasource.url", TestPostgres.url());
            p.put("spring.datasource.username", TestPostgres.user());
            p.put("spring.datasource.password", TestPostgres.password());
            p.put("spring.datasource.hikari.maximum-pool-size", "4");
            p.put("spring.datasource.hikari.minimum-idle", "1");
        }
        return p;
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("mailwright-search-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A message with these header lines (CRLF added) and body, as UTF-8. */
    static MessageSource message(String headerLines, String body) {
        String text = headerLines.replace("\n", "\r\n") + "\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n";
        return MessageSource.of(text.getBytes(StandardCharsets.UTF_8));
    }
}
