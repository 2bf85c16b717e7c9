package dev.mailwright.store;

import javax.sql.DataSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import dev.mailwright.config.MailwrightProperties;

/** Chooses the blob store by {@code mailwright.storage.blobs} and reports its health. */
@Configuration(proxyBeanMethods = false)
class BlobStoreConfiguration {

    @Bean
    BlobStore blobStore(MailwrightProperties properties, DataSource dataSource, JdbcClient jdbc,
                        PlatformTransactionManager transactions) {
        long inlineMax = properties.storage().inlineMax().toBytes();
        DatabaseBlobStore rows = new DatabaseBlobStore(jdbc, transactions, DatabaseProduct.isPostgres(dataSource), inlineMax);
        return switch (properties.storage().blobs()) {
            case FILESYSTEM -> {
                FilesystemBlobStore files = new FilesystemBlobStore(properties.dataDir().resolve("blobs"));
                yield inlineMax > 0 ? new TieredBlobStore(files, rows, inlineMax) : files;
            }
            case DATABASE -> rows;
        };
    }

    @Bean
    HealthIndicator blobStoreHealthIndicator(BlobStore blobs) {
        return () -> {
            try {
                blobs.checkWritable();
                return Health.up().withDetail("type", blobs.getClass().getSimpleName()).build();
            } catch (java.io.IOException | RuntimeException e) {
                return Health.down(e).build();
            }
        };
    }
}
