package dev.mailwright.store.search;

import java.io.IOException;
import java.io.UncheckedIOException;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.BlobStore;
import dev.mailwright.store.CleanStop;
import dev.mailwright.store.DatabaseProduct;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The index for the database in use, caught up before any bean that searches can use it. */
@Configuration(proxyBeanMethods = false)
class SearchIndexConfiguration {
    /** Directory of the Lucene index, under the data directory. */
    static final String LUCENE_DIRECTORY = "search-index";

    @Bean
    SearchIndex searchIndex(DataSource dataSource, JdbcClient jdbc, BlobStore blobs, MailwrightProperties properties,
                            MeterRegistry meters, CleanStop cleanStop) {
        SearchIndex index = DatabaseProduct.isPostgres(dataSource)
                ? new TrigramSearchIndex()
                : new LuceneSearchIndex(properties.dataDir().resolve(LUCENE_DIRECTORY));
        new SearchCatchUp(jdbc, hash -> {
            try {
                return blobs.open(hash);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, index, cleanStop.storeUntouched()).run();
        MailwrightProperties.SearchIndexing queue = properties.searchIndexing();
        if (index instanceof LuceneSearchIndex lucene && queue.queueMessages() > 0) {
            QueuedSearchIndex queued = new QueuedSearchIndex(lucene, queue.queueMessages(), queue.queueCharacters()).start();
            Gauge.builder("mailwright.search.index.queued", queued, QueuedSearchIndex::queued)
                    .description("messages stored but not yet written to the search index").register(meters);
            return queued;
        }
        return index;
    }
}
