package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * On H2 writes that arrive while another one writes are run together, one transaction with a savepoint each
 * ({@link WriteBatches}): a write that fails (here: a delivery over quota, a STORE without the right) is rolled back
 * alone, with its events and after-commit actions, its caller gets its exception, and the others are kept with
 * unique UIDs and exact counters.
 */
@SpringBootTest
@Import(H2WriteBatchesTest.Recorder.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class H2WriteBatchesTest {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        StoreTestSupport.h2(registry);
    }

    /** Every committed mailbox event of the test context. */
    static class Recorder {
        final List<MailboxEvent.MessagesAdded> added = new CopyOnWriteArrayList<>();

        @EventListener
        void on(MailboxEvent.MessagesAdded event) {
            added.add(event);
        }
    }

    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    WriteBatches batches;
    @Autowired
    CommitDurability durability;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Recorder recorder;

    @Test
    void waitingDeliveriesShouldShareATransactionAndAFailureShouldStayItsOwn() throws Exception {
        AccountId alice = accounts.createAccount(uniqueAddress("alice"), "h", false).id();
        AccountId bob = accounts.createAccount(uniqueAddress("bob"), "h", false).id();
        AccountId full = accounts.createAccount(uniqueAddress("full"), "h", false).id();
        store.deliver(message("already here", "x"), List.of(full));
        accounts.setQuota(full, Quota.of(null, 1L));
        recorder.added.clear();

        // the leader holds its batch open until the others wait behind it; they then go together
        ExecutorService threads = Executors.newFixedThreadPool(6);   // not the common pool: one thread on two cores
        CompletableFuture<MailStore.Delivery> leader = CompletableFuture.supplyAsync(() -> batches.write(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (batches.queued() < 5 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            return store.deliver(message("lead", "x"), List.of(alice));
        }), threads);
        Thread.sleep(500);   // the leader is inside its batch by now
        List<CompletableFuture<MailStore.Delivery>> others = new ArrayList<>();
        for (AccountId to : List.of(alice, bob, full, alice, bob)) {
            others.add(CompletableFuture.supplyAsync(() -> store.deliver(message("to " + to.value(), "x"), List.of(to)), threads));
        }
        leader.get(60, TimeUnit.SECONDS);
        List<Long> aliceUids = new ArrayList<>(List.of(leader.get().deliveries().getFirst().uid()));
        int failed = 0;
        for (int i = 0; i < others.size(); i++) {
            try {
                MailStore.Delivery d = others.get(i).join();
                if (d.deliveries().getFirst().account().equals(alice)) {
                    aliceUids.add(d.deliveries().getFirst().uid());
                }
            } catch (CompletionException e) {
                assertThat(i).as("only the delivery to the full account fails").isEqualTo(2);
                assertThat(e.getCause()).isInstanceOf(StoreException.OverQuota.class);
                failed++;
            }
        }
        threads.shutdown();
        assertThat(failed).isEqualTo(1);
        assertThat(batches.largestBatch()).as("the five waiting deliveries in one transaction").isGreaterThanOrEqualTo(5);

        assertThat(aliceUids).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(count(alice)).isEqualTo(3);
        assertThat(count(bob)).isEqualTo(2);
        assertThat(count(full)).as("the failed delivery left nothing").isEqualTo(1);
        for (AccountId account : List.of(alice, bob, full)) {
            MailboxInfo inbox = store.mailbox(account, "INBOX").orElseThrow();
            assertThat(inbox.messages()).isEqualTo(count(account));
        }
        assertThat(recorder.added).as("events of committed deliveries only")
                .noneMatch(event -> event.account().equals(full))
                .filteredOn(event -> event.account().equals(alice)).flatExtracting(MailboxEvent.MessagesAdded::uids)
                .containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void imapWritesShouldShareATransactionAndAFailedOneShouldTakeItsAfterCommitActionsWithIt() throws Exception {
        AccountId carol = accounts.createAccount(uniqueAddress("carol"), "h", false).id();
        AccountId dave = accounts.createAccount(uniqueAddress("dave"), "h", false).id();
        for (int i = 0; i < 3; i++) {
            store.deliver(message("m" + i, "x"), List.of(carol));
        }
        MailboxId inbox = store.mailbox(carol, "INBOX").orElseThrow().id();
        store.updateFlags(carol, inbox, UidSet.of(3), MailStore.FlagChange.ADD, Flags.of(SystemFlag.DELETED), Optional.empty());
        AtomicBoolean failedActionRan = new AtomicBoolean();
        AtomicBoolean keptActionRan = new AtomicBoolean();

        ExecutorService threads = Executors.newFixedThreadPool(6);
        CompletableFuture<Object> leader = CompletableFuture.supplyAsync(() -> batches.write(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (batches.queued() < 5 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            return null;
        }), threads);
        Thread.sleep(500);
        CompletableFuture<MailStore.FlagUpdate> seen = CompletableFuture.supplyAsync(() -> store.updateFlags(carol, inbox,
                UidSet.of(1), MailStore.FlagChange.ADD, Flags.of(SystemFlag.SEEN), Optional.empty()), threads);
        CompletableFuture<MailStore.FlagUpdate> notAllowed = CompletableFuture.supplyAsync(() -> store.updateFlags(dave, inbox,
                UidSet.of(2), MailStore.FlagChange.ADD, Flags.of(SystemFlag.FLAGGED), Optional.empty()), threads);
        CompletableFuture<Object> failing = CompletableFuture.supplyAsync(() -> batches.write(() -> {
            afterCommit(() -> failedActionRan.set(true));
            throw new StoreException.StorageFailure("this write fails after registering its action", null);
        }), threads);
        CompletableFuture<Object> kept = CompletableFuture.supplyAsync(() -> batches.write(() -> {
            afterCommit(() -> keptActionRan.set(true));
            return null;
        }), threads);
        CompletableFuture<List<Long>> expunged = CompletableFuture.supplyAsync(
                () -> store.expunge(carol, inbox, Optional.empty()), threads);
        leader.get(60, TimeUnit.SECONDS);

        assertThat(seen.get(30, TimeUnit.SECONDS).updated()).extracting(MessageRef::uid).containsExactly(1L);
        assertThat(expunged.get(30, TimeUnit.SECONDS)).containsExactly(3L);
        kept.get(30, TimeUnit.SECONDS);
        assertThat(keptActionRan).as("the action of a kept write ran after the commit").isTrue();
        assertThatThrownBy(() -> failing.join()).hasCauseInstanceOf(StoreException.StorageFailure.class);
        assertThat(failedActionRan).as("the action of the rolled-back write never ran").isFalse();
        assertThatThrownBy(() -> notAllowed.join()).hasCauseInstanceOf(StoreException.class);
        threads.shutdown();
        assertThat(batches.largestBatch()).as("the waiting writes in one transaction").isGreaterThanOrEqualTo(5);

        assertThat(count(carol)).isEqualTo(2);
        assertThat(store.mailbox(carol, "INBOX").orElseThrow().messages()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT seen FROM mailbox_message WHERE mailbox_id = ? AND uid = 1").param(inbox.value())
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT flagged FROM mailbox_message WHERE mailbox_id = ? AND uid = 2").param(inbox.value())
                .query(Boolean.class).single()).as("the refused STORE changed nothing").isFalse();
    }

    @Test
    void aWriteQueuedLongerThanTheLockTimeoutShouldFailWithoutRunning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean lateWriteRan = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        batches.waitAtMost(Duration.ofMillis(300));
        try {
            CompletableFuture<Object> leader = CompletableFuture.supplyAsync(() -> batches.write(() -> {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }), threads);
            Thread.sleep(200);   // the leader is inside its batch
            long start = System.nanoTime();
            CompletableFuture<Object> late = CompletableFuture.supplyAsync(() -> batches.write(() -> {
                lateWriteRan.set(true);
                return null;
            }), threads);
            assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.StorageFailure.class)
                    .hasMessageContaining("lock timeout");
            assertThat(System.nanoTime() - start).as("failed after the wait, not at once")
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
            assertThat(batches.queued()).as("taken out of the queue").isZero();
            release.countDown();
            leader.get(30, TimeUnit.SECONDS);
            assertThat(batches.write(() -> "next")).as("the batches go on").isEqualTo("next");
            assertThat(lateWriteRan).as("the write that gave up never ran").isFalse();
        } finally {
            release.countDown();
            batches.waitAtMost(durability.writeWait());
            threads.shutdown();
        }
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        action.run();
                    }
                });
    }

    private long count(AccountId account) {
        return jdbc.sql("SELECT COUNT(*) FROM mailbox_message mm JOIN mailbox b ON b.id = mm.mailbox_id"
                + " WHERE b.account_id = ?").param(account.value()).query(Long.class).single();
    }
}
