package dev.mailwright.store.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.BlobStore;

/** The index for the database in use, caught up before any bean that searches can use it. */
@Configuration(proxyBeanMethods = false)
class SearchIndexConfiguration {
    /** Directory of the Lucene index, under the data directory. */
    static final String LUCENE_DIRECTORY = "search-index";

    @Bean
    SearchIndex searchIndex(DataSource dataSource, JdbcClient jdbc, BlobStore blobs, MailwrightProperties properties) {
        SearchIndex index = isPostgres(dataSource)
                ? new TrigramSearchIndex()
                : new LuceneSearchIndex(properties.dataDir().resolve(LUCENE_DIRECTORY));
        new SearchCatchUp(jdbc, hash -> {
            try {
                return blobs.open(hash);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, index).run();
        MailwrightProperties.SearchIndexing queue = properties.searchIndexing();
        if (index instanceof LuceneSearchIndex lucene && queue.queueMessages() > 0) {
            return new QueuedSearchIndex(lucene, queue.queueMessages(), queue.queueCharacters()).start();
        }
        return index;
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell which database holds the store", e);
        }
    }
}
