package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On an H2 file database write transactions run one at a time ({@link SingleWriterTransactionManager}), reads do not
 * wait for them, and a write nested in a write of the same thread does not wait for itself.
 */
@SpringBootTest
@Timeout(60)
class H2SingleWriterTest {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        StoreTestSupport.h2(registry);
    }

    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aSecondWriteShouldBeginOnlyWhenTheFirstEndsWhileReadsGoOn() throws Exception {
        assertThat(transactions).isInstanceOf(SingleWriterTransactionManager.class);
        TransactionTemplate write = new TransactionTemplate(transactions);
        TransactionTemplate read = new TransactionTemplate(transactions);
        read.setReadOnly(true);
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch letFirstEnd = new CountDownLatch(1);
        CountDownLatch secondInside = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            Future<?> first = threads.submit(() -> write.executeWithoutResult(status -> {
                assertThat(((SingleWriterTransactionManager) transactions).holdsWriteLock()).isTrue();
                firstInside.countDown();
                await(letFirstEnd);
            }));
            assertThat(firstInside.await(20, TimeUnit.SECONDS)).isTrue();
            Future<?> second = threads.submit(() -> write.executeWithoutResult(status -> secondInside.countDown()));
            Future<Long> reading = threads.submit(() -> read.execute(status ->
                    jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single()));
            assertThat(reading.get(20, TimeUnit.SECONDS)).as("a read while a write runs").isNotNull();
            assertThat(secondInside.await(500, TimeUnit.MILLISECONDS)).as("the second write waits").isFalse();
            letFirstEnd.countDown();
            first.get(20, TimeUnit.SECONDS);
            assertThat(secondInside.await(20, TimeUnit.SECONDS)).as("then it runs").isTrue();
            second.get(20, TimeUnit.SECONDS);
        } finally {
            letFirstEnd.countDown();
            threads.shutdownNow();
        }
        assertThat(((SingleWriterTransactionManager) transactions).holdsWriteLock()).isFalse();
    }

    @Test
    void aWriteInsideAWriteOfTheSameThreadShouldNotWaitForItself() {
        TransactionTemplate outer = new TransactionTemplate(transactions);
        TransactionTemplate inner = new TransactionTemplate(transactions);
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        Long accounts = outer.execute(status -> inner.execute(nested ->
                readOnly.execute(r -> jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single())));
        assertThat(accounts).isNotNull();
        // a write from inside a read (a FETCH that sets \Seen) takes the lock and gives it back
        readOnly.executeWithoutResult(r -> inner.executeWithoutResult(w ->
                assertThat(((SingleWriterTransactionManager) transactions).holdsWriteLock()).isTrue()));
        assertThat(((SingleWriterTransactionManager) transactions).holdsWriteLock()).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
