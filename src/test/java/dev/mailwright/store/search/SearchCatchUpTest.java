package dev.mailwright.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;

import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mailwright.MailwrightApplication;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailStore.SearchField;
import dev.mailwright.store.MailboxId;

/**
 * A message committed but not indexed is found after a restart. On H2 the state a crash leaves (the row
 * committed, the Lucene document added after the index's last commit and lost) is made by deleting the document
 * from the index while the application is down; a row without search columns (written before V17) is made by
 * clearing them. Each test starts the application twice on one data directory (about 20 s each on a quiet machine).
 */
class SearchCatchUpTest {
    private record Placed(AccountId account, MailboxId inbox, long uid, long messageId) {
    }

    @Test
    void h2ShouldIndexAgainWhatACrashLostAndFillOldRows() throws Exception {
        Path dir = SearchIndexTestSupport.tempDir();
        Placed zebra;
        Placed okapi;
        try (ConfigurableApplicationContext first = start(dir, false)) {
            zebra = deliver(first, null, "Subject: Stripes", "a zebra in the body");
            okapi = deliver(first, zebra.account(), "Subject: Okapi sighting", "nothing to see");
        }
        // the crash: the index's last commit does not hold the message the table holds
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(dir.resolve(SearchIndexConfiguration.LUCENE_DIRECTORY)),
                new IndexWriterConfig())) {
            writer.deleteDocuments(LongPoint.newExactQuery("id", zebra.messageId()));
            writer.deleteDocuments(LongPoint.newExactQuery("id", okapi.messageId()));
            writer.commit();
        }
        // a row from before V17
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("mailwright"), "sa", "");
             PreparedStatement clear = c.prepareStatement("UPDATE message SET search_header = NULL WHERE id = ?")) {
            clear.setLong(1, okapi.messageId());
            assertThat(clear.executeUpdate()).isEqualTo(1);
        }
        try (ConfigurableApplicationContext second = start(dir, false)) {
            MailStore store = second.getBean(MailStore.class);
            assertThat(store.searchCandidates(zebra.inbox(), SearchField.BODY, "ZEBRA")).hasValueSatisfying(
                    uids -> assertThat(uids).containsExactly(zebra.uid()));
            assertThat(store.searchCandidates(okapi.inbox(), SearchField.HEADERS, "okapi sigh")).hasValueSatisfying(
                    uids -> assertThat(uids).containsExactly(okapi.uid()));
            assertThat(searchHeader(second, okapi.messageId())).contains("subject: okapi sighting");
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = SearchIndexTestSupport.POSTGRES_URL, matches = ".+")
    void postgresShouldKeepUnindexedRowsCandidatesAndFillThemAtStart() {
        Path dir = SearchIndexTestSupport.tempDir();
        Placed zebra;
        try (ConfigurableApplicationContext first = start(dir, true)) {
            zebra = deliver(first, null, "Subject: Stripes", "a zebra in the body");
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            // a row written before V17: its text in search_text, no folded columns (rows since carry only those)
            assertThat(jdbc.sql("UPDATE message SET search_text = search_body, search_header = NULL, search_body = NULL WHERE id = ?")
                    .param(zebra.messageId()).update()).isEqualTo(1);
            // not yet caught up: a candidate for anything, and the exact match still finds it
            MailStore store = first.getBean(MailStore.class);
            assertThat(store.searchCandidates(zebra.inbox(), SearchField.BODY, "okapi")).hasValueSatisfying(
                    uids -> assertThat(uids).containsExactly(zebra.uid()));
            assertThat(store.searchText(zebra.inbox(), SearchField.BODY, "ZEBRA")).containsExactly(zebra.uid());
        }
        try (ConfigurableApplicationContext second = start(dir, true)) {
            MailStore store = second.getBean(MailStore.class);
            assertThat(searchHeader(second, zebra.messageId())).contains("subject: stripes");
            assertThat(store.searchCandidates(zebra.inbox(), SearchField.BODY, "okapi")).hasValueSatisfying(
                    uids -> assertThat(uids).isEmpty());
            assertThat(store.searchCandidates(zebra.inbox(), SearchField.BODY, "ZEBRA")).hasValueSatisfying(
                    uids -> assertThat(uids).containsExactly(zebra.uid()));
        }
    }

    private static ConfigurableApplicationContext start(Path dir, boolean postgres) {
        // as arguments: builder properties would be defaults, below application.yml's data-dir
        String[] args = SearchIndexTestSupport.properties(dir, postgres).entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(MailwrightApplication.class).run(args);
    }

    private static Placed deliver(ConfigurableApplicationContext context, AccountId account, String headers, String body) {
        AccountId owner = account != null ? account : context.getBean(AccountStore.class)
                .createAccount("restart-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test", "{noop}x", false).id();
        MailStore store = context.getBean(MailStore.class);
        long uid = store.deliver(SearchIndexTestSupport.message("From: someone@example.org\n" + headers, body), List.of(owner))
                .deliveries().getFirst().uid();
        MailboxId inbox = store.mailbox(owner, "INBOX").orElseThrow().id();
        long messageId = context.getBean(JdbcClient.class)
                .sql("SELECT message_id FROM mailbox_message WHERE mailbox_id = ? AND uid = ?")
                .params(inbox.value(), uid).query(Long.class).single();
        return new Placed(owner, inbox, uid, messageId);
    }

    private static String searchHeader(ConfigurableApplicationContext context, long messageId) {
        return context.getBean(JdbcClient.class).sql("SELECT search_header FROM message WHERE id = ?").param(messageId)
                .query(String.class).single();
    }
}
