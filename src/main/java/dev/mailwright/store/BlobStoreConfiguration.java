package dev.mailwright.store;

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
    BlobStore blobStore(MailwrightProperties properties, JdbcClient jdbc, PlatformTransactionManager transactions) {
        return switch (properties.storage().blobs()) {
            case FILESYSTEM -> new FilesystemBlobStore(properties.dataDir().resolve("blobs"));
            case DATABASE -> new DatabaseBlobStore(jdbc, transactions);
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
