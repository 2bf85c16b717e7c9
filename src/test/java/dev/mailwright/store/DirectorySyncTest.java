package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DirectorySyncTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void concurrentCallersShouldAllReturnAndNeverNeedMoreRoundsThanCalls() throws Exception {
        DirectorySync sync = new DirectorySync();
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            dirs.add(Files.createDirectory(dir.resolve("d" + i)));
        }
        int threads = 16;
        int callsEach = 25;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger returned = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Path mine = dirs.get(t);
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < callsEach; i++) {
                    sync.sync(mine);
                    returned.incrementAndGet();
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            assertThat(w.join(java.time.Duration.ofSeconds(20))).isTrue();
        }
        assertThat(returned.get()).isEqualTo(threads * callsEach);
        assertThat(sync.rounds()).isBetween(1L, (long) threads * callsEach);
    }

    @Test
    @Timeout(10)
    void aDirectoryThatCannotBeSyncedShouldNotBlockLaterCallers() throws Exception {
        DirectorySync sync = new DirectorySync();
        sync.sync(dir.resolve("missing"));
        sync.sync(dir);
        assertThat(sync.rounds()).isEqualTo(2);
    }
}
