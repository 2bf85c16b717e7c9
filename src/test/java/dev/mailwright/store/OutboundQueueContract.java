package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The outbound queue's claim protocol, on H2 and (when configured) PostgreSQL. */
@SpringBootTest
abstract class OutboundQueueContract {
    @Autowired
    MailStore store;
    @Autowired
    OutboundQueue queue;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void emptyQueue() {
        jdbc.sql("DELETE FROM outbound_queue").update();   // the PostgreSQL database is shared by test classes
    }

    private List<Long> queue(String... recipients) {
        return store.accept(message("queued", "body"), new MailStore.Envelope("alice@example.test", List.of(), List.of(recipients))).queued();
    }

    @Test
    void claimDueShouldHandEachEntryToOneClaimantOnlyUnderConcurrency() throws Exception {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            recipients.add("r" + i + "@remote.test");
        }
        queue(recipients.toArray(String[]::new));

        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                workers.add(pool.submit(() -> {
                    List<OutboundQueue.Entry> batch;
                    while (!(batch = queue.claimDue(7, Duration.ofMinutes(5))).isEmpty()) {
                        batch.forEach(e -> claimed.add(e.id()));
                    }
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        }
        assertThat(claimed).hasSize(60).doesNotHaveDuplicates();
    }

    @Test
    void entryOfADeadWorkerShouldBecomeDueAgainWhenItsLeaseEnds() throws Exception {
        queue("bob@remote.test");
        OutboundQueue.Entry first = queue.claimDue(10, Duration.ofMillis(200)).getFirst();
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(queue.claimDue(10, Duration.ofMinutes(5))).isEmpty();

        Thread.sleep(400);
        OutboundQueue.Entry second = queue.claimDue(10, Duration.ofMinutes(5)).getFirst();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.attempts()).isEqualTo(2);

        queue.complete(first);   // the stale claim must not remove what the new claimant holds
        assertThat(queue.entry(first.id())).isPresent();
        queue.complete(second);
        assertThat(queue.entry(first.id())).isEmpty();
    }

    @Test
    void retryAtShouldRecordTheErrorAndHideTheEntryUntilThen() {
        queue("bob@remote.test");
        OutboundQueue.Entry claimed = queue.claimDue(10, Duration.ofMinutes(5)).getFirst();
        queue.retryAt(claimed, Instant.now().plusSeconds(3600), "451 4.3.0 try later");

        assertThat(queue.claimDue(10, Duration.ofMinutes(5))).isEmpty();
        assertThat(queue.entry(claimed.id())).hasValueSatisfying(e -> {
            assertThat(e.lastError()).contains("451 4.3.0 try later");
            assertThat(e.attempts()).isEqualTo(1);
        });
        queue.retryNow(claimed.id());
        assertThat(queue.claimDue(10, Duration.ofMinutes(5))).extracting(OutboundQueue.Entry::id).containsExactly(claimed.id());
    }

    @Test
    void queuedMessageShouldStayReadableUntilItsLastEntryIsDone() throws Exception {
        queue("bob@remote.test");
        OutboundQueue.Entry claimed = queue.claimDue(10, Duration.ofMinutes(5)).getFirst();
        try (var in = store.openMessage(claimed.blobHash())) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)).contains("Subject: queued");
        }
        assertThat(queue.size()).isEqualTo(1);
        queue.delete(claimed.id());
        assertThat(queue.size()).isZero();
        assertThat(queue.entries()).isEmpty();
    }
}
