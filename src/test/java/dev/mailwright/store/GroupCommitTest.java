package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GroupCommitTest {

    @Test
    @Timeout(60)
    void everyCallerShouldReturnOnlyAfterAFlushThatStartedAfterItsWorkAndCallersShouldShareFlushes() throws Exception {
        AtomicLong committed = new AtomicLong();   // "commits" done so far
        AtomicLong durable = new AtomicLong();     // what the last completed flush covered
        GroupCommit group = new GroupCommit(() -> {
            long covered = committed.get();        // a flush covers what was committed when it started
            Thread.sleep(2);                       // an fsync takes a while: others queue for the next round
            durable.accumulateAndGet(covered, Math::max);
        });
        int threads = 16;
        int callsEach = 40;
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < callsEach; i++) {
                        long mine = committed.incrementAndGet();
                        group.await();
                        if (durable.get() < mine) {
                            violations.add("commit " + mine + " returned with only " + durable.get() + " durable");
                        }
                    }
                } catch (Exception e) {
                    violations.add(e.toString());
                }
            }));
        }
        start.countDown();
        for (Thread worker : workers) {
            assertThat(worker.join(Duration.ofSeconds(50))).isTrue();
        }
        assertThat(violations).isEmpty();
        assertThat(group.rounds()).as("concurrent callers share flushes").isBetween(1L, (long) threads * callsEach - 1);
    }

    @Test
    @Timeout(30)
    void aFailedFlushShouldFailItsRoundAndTheNextRoundShouldWork() throws Exception {
        AtomicBoolean failNext = new AtomicBoolean(true);
        GroupCommit group = new GroupCommit(() -> {
            if (failNext.getAndSet(false)) {
                throw new java.io.IOException("disk gone");
            }
        });
        assertThatThrownBy(group::await).hasMessage("disk gone");
        group.await();
        assertThat(group.rounds()).isEqualTo(2);
    }
}
