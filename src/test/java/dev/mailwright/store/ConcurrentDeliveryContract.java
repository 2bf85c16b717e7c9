package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * 8 writers deliver 250 messages each (to two accounts, in varying recipient order) while another thread copies
 * from one INBOX and readers poll: UIDs must be unique, appear in ascending order, and nothing may be lost.
 */
@SpringBootTest
abstract class ConcurrentDeliveryContract {
    static final int WRITERS = 8;
    static final int PER_WRITER = 250;

    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    JdbcClient jdbc;

    @Test
    @Timeout(value = 480, unit = TimeUnit.SECONDS)
    void concurrentDeliveriesAndCopiesShouldKeepUidsUniqueOrderedAndCountersExact() throws Exception {
        AccountId alice = accounts.createAccount(uniqueAddress("alice"), "h", false).id();
        AccountId bob = accounts.createAccount(uniqueAddress("bob"), "h", false).id();
        MailboxId inbox = store.mailbox(alice, "INBOX").orElseThrow().id();
        MailboxId bobInbox = store.mailbox(bob, "INBOX").orElseThrow().id();
        MailboxId copies = store.createMailbox(alice, "Copies").id();

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 3);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> violations = new CopyOnWriteArrayList<>();
        Set<Long> deliveredUids = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < PER_WRITER; i++) {
                        List<AccountId> rcpts = new ArrayList<>(List.of(alice, bob));
                        if ((writer + i) % 2 == 0) {
                            Collections.reverse(rcpts);
                        }
                        MailStore.Delivery d = store.deliver(message("w" + writer + " m" + i, "writer " + writer + " message " + i), rcpts);
                        d.deliveries().stream().filter(x -> x.account().equals(alice))
                                .forEach(x -> {
                                    if (!deliveredUids.add(x.uid())) {
                                        violations.add("duplicate UID " + x.uid());
                                    }
                                });
                    }
                    return null;
                }));
            }
            Future<Integer> copier = pool.submit(() -> {
                long next = 1;
                int copied = 0;
                while (true) {
                    boolean last = !writing.get();
                    MailStore.Copied c = store.copy(alice, inbox, new UidSet(List.of(new UidRange(next, Long.MAX_VALUE))), "Copies");
                    copied += c.sourceUids().size();
                    if (!c.sourceUids().isEmpty()) {
                        next = c.sourceUids().getLast() + 1;
                    }
                    if (last) {
                        return copied;
                    }
                }
            });
            Future<?> reader = pool.submit(() -> pollInOrder(inbox, writing, violations));
            Future<?> copyReader = pool.submit(() -> pollInOrder(copies, writing, violations));

            for (Future<?> f : writers) {
                f.get(420, TimeUnit.SECONDS);
            }
            writing.set(false);
            int copied = copier.get(60, TimeUnit.SECONDS);
            reader.get(60, TimeUnit.SECONDS);
            copyReader.get(60, TimeUnit.SECONDS);

            int total = WRITERS * PER_WRITER;
            assertThat(violations).isEmpty();
            assertThat(deliveredUids).hasSize(total);
            assertThat(copied).isEqualTo(total);
            assertThat(uids(inbox)).hasSize(total).isSorted().doesNotHaveDuplicates();
            assertThat(uids(bobInbox)).hasSize(total).doesNotHaveDuplicates();
            assertThat(uids(copies)).hasSize(total).isSorted().doesNotHaveDuplicates();
            for (MailboxId box : List.of(inbox, bobInbox, copies)) {
                assertCountersExact(box);
            }
            MailboxInfo info = store.mailbox(alice, inbox).orElseThrow();
            assertThat(info.uidNext()).isEqualTo(total + 1);
        } finally {
            writing.set(false);
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Polls until writing stops; a UID first seen must be above every UID seen before. */
    private void pollInOrder(MailboxId mailbox, AtomicBoolean writing, List<String> violations) {
        TreeSet<Long> seen = new TreeSet<>();
        boolean last = false;
        while (!last) {
            last = !writing.get();
            long maxBefore = seen.isEmpty() ? 0 : seen.last();
            List<Long> now = uids(mailbox);
            for (long uid : now) {
                if (!seen.contains(uid) && uid < maxBefore) {
                    violations.add("UID " + uid + " appeared in mailbox " + mailbox.value() + " after " + maxBefore);
                }
            }
            seen.addAll(now);
        }
    }

    private List<Long> uids(MailboxId mailbox) {
        List<Long> out = new ArrayList<>();
        store.forEachMessage(mailbox, r -> out.add(r.uid()));
        return out;
    }

    private void assertCountersExact(MailboxId mailbox) {
        long rows = jdbc.sql("SELECT COUNT(*) FROM mailbox_message WHERE mailbox_id = ?").param(mailbox.value()).query(Long.class).single();
        long unseen = jdbc.sql("SELECT COUNT(*) FROM mailbox_message WHERE mailbox_id = ? AND seen = FALSE").param(mailbox.value())
                .query(Long.class).single();
        long size = jdbc.sql("SELECT COALESCE(SUM(m.size_bytes), 0) FROM mailbox_message mm JOIN message m ON m.id = mm.message_id"
                + " WHERE mm.mailbox_id = ?").param(mailbox.value()).query(Long.class).single();
        long[] counters = jdbc.sql("SELECT message_count, unseen_count, size_bytes FROM mailbox WHERE id = ?").param(mailbox.value())
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
        assertThat(counters).containsExactly(rows, unseen, size);
    }
}
