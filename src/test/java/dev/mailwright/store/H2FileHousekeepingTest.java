package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On an H2 file, commit after commit leaves chunks whose pages are mostly dead; {@link H2FileHousekeeping} rewrites
 * their live pages so H2 can reuse them, and gives the freed space back (stop 21: 1.2 GB for 50 MB of live pages).
 */
@SpringBootTest
class H2FileHousekeepingTest {
    static Path dataDir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        dataDir = StoreTestSupport.h2File(registry);
        registry.add("mailwright.h2-housekeeping.interval", () -> "0");   // the test runs the rounds itself
        registry.add("mailwright.h2-housekeeping.target-fill-rate", () -> "60");
        registry.add("mailwright.h2-housekeeping.rewrite-bytes", () -> "1MB");
    }

    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    H2FileHousekeeping housekeeping;
    @Autowired
    JdbcClient jdbc;

    @Test
    void roundsShouldRaiseTheFillRateOfAFileWrittenCommitByCommitAndKeepEveryMessage() {
        AccountId alice = accounts.createAccount(uniqueAddress("alice"), "h", false).id();
        for (int i = 0; i < 1200; i++) {
            store.deliver(message("m" + i, "body " + i), List.of(alice));
        }
        jdbc.sql("SET RETENTION_TIME 0").update();   // chunks are rewritable at once, not after 45 s
        long sizeBefore = fileSize();
        int before = housekeeping.fillRate();
        assertThat(before).as("one chunk per commit, most of it dead").isLessThan(40);

        // rounds while mail goes on arriving (H2 drops the chunks a round emptied at later commits)
        int rounds = 30;
        for (int i = 0; i < rounds; i++) {
            housekeeping.run();
            store.deliver(message("later" + i, "traffic goes on"), List.of(alice));
        }
        int after = housekeeping.fillRate();
        assertThat(after).as("fill rate after %d rounds (before: %d %%)", rounds, before).isGreaterThan(40);
        assertThat(fileSize()).as("the file, %d bytes before", sizeBefore).isLessThan(sizeBefore / 2);

        MailboxInfo inbox = store.mailbox(alice, "INBOX").orElseThrow();
        assertThat(inbox.messages()).isEqualTo(1200 + rounds);
        assertThat(store.selection(alice, inbox.id()).uids()).hasSize(1200 + rounds);
    }

    private static long fileSize() {
        try {
            return Files.size(dataDir.resolve("mailwright.mv.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
