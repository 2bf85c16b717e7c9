package dev.mailwright.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.mailwright.MailwrightApplication;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.CleanStop;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailStore.SearchField;
import dev.mailwright.store.MailboxId;

/**
 * A clean stop's record lets the next start skip the crash checks (the integrity check, the search index's catch-up),
 * and only when the store is exactly as that stop left it: the record is used once, a changed database file or a
 * search index that lost its last run's documents is checked and caught up again. Four starts of the application on
 * one H2 data directory; the record is written as the shutdown handler writes it, after each context has closed.
 */
@ExtendWith(OutputCaptureExtension.class)
class CleanStopTest {
    private static final String SKIPPED = "Integrity check skipped: the store is as the clean stop at";
    private static final String CHECKED = "Integrity check: clean";
    private static final String NO_CATCH_UP = "nothing to catch up";

    @Test
    void aCleanStopShouldSpareTheNextStartItsCrashChecksOnlyWhileNothingChanged(CapturedOutput output) throws Exception {
        Path dir = SearchIndexTestSupport.tempDir();
        Path database = dir.resolve("mailwright.mv.db");
        Path record = dir.resolve("mailwright.clean-stop");
        AccountId owner;
        MailboxId inbox;
        long zebra;
        long okapi;

        // 1: a first start (no record: checked), a message, a clean stop recorded
        try (ConfigurableApplicationContext first = start(dir)) {
            assertThat(cleanStop(first).storeUntouched()).isFalse();
            owner = first.getBean(AccountStore.class)
                    .createAccount("clean-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test", "{noop}x", false).id();
            inbox = first.getBean(MailStore.class).mailbox(owner, "INBOX").orElseThrow().id();
            zebra = deliver(first, owner, "Subject: Stripes", "a zebra in the body");
            stop(first);
        }
        assertThat(output.getOut()).contains(CHECKED).doesNotContain(SKIPPED);
        assertThat(record).isRegularFile();

        // 2: untouched: both checks skipped, the mail found; the record is used up; this run's stop recorded, then the
        // search index directory is lost (a new, empty index: it does not say it was closed)
        int seen = output.getOut().length();
        try (ConfigurableApplicationContext second = start(dir)) {
            assertThat(record).doesNotExist();
            assertThat(cleanStop(second).storeUntouched()).isTrue();
            assertThat(body(second, inbox, "ZEBRA")).containsExactly(zebra);
            okapi = deliver(second, owner, "Subject: Okapi", "an okapi in the body");
            stop(second);
        }
        assertThat(output.getOut().substring(seen)).contains(SKIPPED).contains(NO_CATCH_UP).doesNotContain(CHECKED);
        deleteTree(dir.resolve(SearchIndexConfiguration.LUCENE_DIRECTORY));

        // 3: the store untouched, the index not: the integrity check skipped, the index caught up from the table
        seen = output.getOut().length();
        try (ConfigurableApplicationContext third = start(dir)) {
            assertThat(cleanStop(third).storeUntouched()).isTrue();
            MailStore store = third.getBean(MailStore.class);
            assertThat(store.searchCandidates(inbox, SearchField.BODY, "ZEBRA")).hasValueSatisfying(uids -> assertThat(uids).containsExactly(zebra));
            assertThat(store.searchCandidates(inbox, SearchField.BODY, "okapi")).hasValueSatisfying(uids -> assertThat(uids).containsExactly(okapi));
            stop(third);
        }
        assertThat(output.getOut().substring(seen)).contains(SKIPPED).doesNotContain(NO_CATCH_UP);

        // 4: the database file changed after the stop (here only its time; a restored copy, an offline repair): the
        // record counts for nothing, both checks run
        Files.setLastModifiedTime(database, FileTime.from(Instant.now().plusSeconds(5)));
        seen = output.getOut().length();
        try (ConfigurableApplicationContext fourth = start(dir)) {
            assertThat(record).doesNotExist();
            assertThat(cleanStop(fourth).storeUntouched()).isFalse();
            assertThat(body(fourth, inbox, "okapi")).containsExactly(okapi);
        }
        assertThat(output.getOut().substring(seen)).contains(CHECKED).doesNotContain(SKIPPED).doesNotContain(NO_CATCH_UP);
        // the last run's stop was not recorded (the handler runs only at the JVM's exit): the next start checks too
        assertThat(record).doesNotExist();
        deleteTree(dir);
    }

    @Test
    void aRunWhoseCheckDidNotPassShouldRecordNothing() throws Exception {
        Path dir = SearchIndexTestSupport.tempDir();
        try (ConfigurableApplicationContext run = new SpringApplicationBuilder(MailwrightApplication.class)
                .run(arguments(dir, "--mailwright.integrity.on-start=false"))) {
            CleanStop cleanStop = cleanStop(run);
            run.close();
            assertThat(cleanStop.record(Instant.now())).as("a run that never checked the store").isFalse();
        }
        assertThat(dir.resolve("mailwright.clean-stop")).doesNotExist();
        deleteTree(dir);
    }

    private static ConfigurableApplicationContext start(Path dir) {
        return new SpringApplicationBuilder(MailwrightApplication.class).run(arguments(dir));
    }

    private static String[] arguments(Path dir, String... more) {
        return Stream.concat(SearchIndexTestSupport.properties(dir, false).entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()), Stream.of(more)).toArray(String[]::new);
    }

    /** Closes the context, then records as the shutdown handler does. */
    private static void stop(ConfigurableApplicationContext context) {
        CleanStop cleanStop = cleanStop(context);
        context.close();
        assertThat(cleanStop.record(Instant.now())).as("recorded after a clean stop").isTrue();
    }

    private static CleanStop cleanStop(ConfigurableApplicationContext context) {
        return context.getBean(CleanStop.class);
    }

    private static long deliver(ConfigurableApplicationContext context, AccountId owner, String headers, String body) {
        return context.getBean(MailStore.class)
                .deliver(SearchIndexTestSupport.message("From: someone@example.org\n" + headers, body), List.of(owner))
                .deliveries().getFirst().uid();
    }

    private static List<Long> body(ConfigurableApplicationContext context, MailboxId inbox, String needle) {
        return context.getBean(MailStore.class).searchText(inbox, SearchField.BODY, needle);
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
