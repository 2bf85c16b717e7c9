package dev.mailwright.store.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.config.MailwrightProperties.Integrity.BlobCheck;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageSource;

/**
 * The blob pass with a single free pooled connection (what H2 leaves after a full disk while Hikari replaces the
 * closed connections; CI caught it): blobs kept in the database are read through the connection of the pass's own
 * query, so none waits for a second connection and is reported corrupt after the pool's time-out.
 */
@SpringBootTest(properties = {"mailwright.integrity.on-start=false", "spring.datasource.hikari.maximum-pool-size=2",
        "spring.datasource.hikari.connection-timeout=1000"})
@Timeout(120)
class IntegrityCheckOneConnectionTest {
    @Autowired
    IntegrityCheck check;
    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("mailwright-integrity-one-").toString();
        registry.add("mailwright.data-dir", () -> dir);
        IntegrityTestSupport.quiet(registry);
    }

    @Test
    void blobsInTheDatabaseShouldBeCheckedWithOneConnectionFree() throws Exception {
        accounts.ensureDomain("example.test");
        AccountStore.Account owner = accounts.createAccount("one-" + UUID.randomUUID().toString().substring(0, 8)
                + "@example.test", "{noop}x", false);
        for (String body : List.of("small one", "small two", "large " + "z".repeat(70 * 1024))) {
            store.deliver(MessageSource.of(("From: a@example.test\r\nSubject: " + UUID.randomUUID() + "\r\n\r\n" + body + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII)), List.of(owner.id()));
        }

        IntegrityReport report;
        try (Connection held = dataSource.getConnection()) {   // the pool's other connection is busy elsewhere
            report = check.run(false, BlobCheck.HASH);
        }

        assertThat(report.findings()).isEmpty();
        assertThat(report.scanned().blobs()).isGreaterThanOrEqualTo(3);
    }
}
