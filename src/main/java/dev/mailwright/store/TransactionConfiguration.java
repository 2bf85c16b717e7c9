package dev.mailwright.store;

import jakarta.persistence.EntityManagerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The transaction manager: Spring Boot's JPA one, with one write transaction at a time on an H2 file. */
@Configuration(proxyBeanMethods = false)
class TransactionConfiguration {

    @Bean
    PlatformTransactionManager transactionManager(EntityManagerFactory entityManagerFactory, CommitDurability durability) {
        return new SingleWriterTransactionManager(entityManagerFactory, durability.serializesWrites(),
                durability.writeWait());
    }
}
