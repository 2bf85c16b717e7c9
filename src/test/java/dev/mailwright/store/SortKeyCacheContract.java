package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mailwright.config.MailwrightProperties;

/**
 * The in-memory SORT keys and THREAD links ({@link SortKeyCache}, {@link MailboxRowCache}): after appends, copies,
 * expunges and a lost row, what {@link MailStore#forEachSortKeys}/{@link MailStore#forEachThreadLinks} stream is
 * exactly what the database holds ({@link SortRows} read directly), and the size limit keeps big mailboxes out.
 * H2 and PostgreSQL.
 */
@SpringBootTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class SortKeyCacheContract {
    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SortRows rows;
    @Autowired
    SortKeyCache cache;
    @Autowired
    StoreTransactions tx;
    @Autowired
    MailwrightProperties properties;

    AccountId alice;
    int serial;

    @BeforeEach
    void createAccount() {
        alice = accounts.createAccount(uniqueAddress("alice"), "{noop}x", false).id();
    }

    private void append(String mailbox, int n) {
        for (int i = 0; i < n; i++) {
            int k = serial++;
            String text = "From: Person " + (k % 7) + " <p" + (k % 7) + "@example.test>\r\nSubject: "
                    + (k % 3 == 0 ? "" : "Re: ") + "topic " + (k / 3) + "\r\nDate: Mon, 02 Mar 2020 10:"
                    + String.format("%02d", k % 60) + ":00 +0100\r\nMessage-ID: <c" + k + "@example.test>\r\n"
                    + (k % 3 == 0 ? "" : "References: <c" + (k - k % 3) + "@example.test>\r\n") + "\r\nbody " + k + "\r\n";
            store.append(alice, mailbox, MessageSource.of(text.getBytes(StandardCharsets.UTF_8)), Flags.NONE,
                    Optional.of(Instant.parse("2021-01-01T00:00:00Z").plusSeconds(k * 7919L % 86400)));
        }
    }

    private List<MessageSortKeys> cachedKeys(MailboxInfo box) {
        List<MessageSortKeys> out = new ArrayList<>();
        store.forEachSortKeys(box.id(), out::add);
        return out;
    }

    private List<MessageSortKeys> databaseKeys(MailboxInfo box) {
        List<MessageSortKeys> out = new ArrayList<>();
        tx.read(() -> rows.forEachSortKeys(box.id().value(), Long.MIN_VALUE, out::add));
        return out;
    }

    private List<MessageThreadLinks> cachedLinks(MailboxInfo box) {
        List<MessageThreadLinks> out = new ArrayList<>();
        store.forEachThreadLinks(box.id(), out::add);
        return out;
    }

    private List<MessageThreadLinks> databaseLinks(MailboxInfo box) {
        List<MessageThreadLinks> out = new ArrayList<>();
        tx.read(() -> rows.forEachThreadLinks(box.id().value(), Long.MIN_VALUE, out::add));
        return out;
    }

    private void expectSame(MailboxInfo box, int messages) {
        assertThat(cachedKeys(box)).hasSize(messages).containsExactlyElementsOf(databaseKeys(box));
        assertThat(cachedLinks(box)).hasSize(messages).containsExactlyElementsOf(databaseLinks(box));
    }

    @Test
    void cachedRowsShouldFollowAppendsCopiesAndExpunges() {
        MailboxInfo box = store.createMailbox(alice, "Cached");
        MailboxInfo other = store.createMailbox(alice, "Other");
        append("Cached", 12);
        expectSame(box, 12);
        assertThat(cache.cachedSortMailboxes()).as("the mailbox is held in memory").isPositive();
        expectSame(box, 12);   // a hit: same stamp

        append("Cached", 5);
        expectSame(box, 17);

        append("Other", 4);
        store.copy(alice, other.id(), UidSet.ALL, "Cached");
        expectSame(box, 21);

        store.updateFlags(alice, box.id(), UidSet.of(List.of(2L, 3L, 9L, 21L)), MailStore.FlagChange.ADD, Flags.of(SystemFlag.DELETED),
                Optional.empty());
        expectSame(box, 21);   // flags do not change the set
        store.expunge(alice, box.id(), Optional.empty());
        expectSame(box, 17);

        append("Cached", 2);
        store.updateFlags(alice, box.id(), UidSet.of(List.of(1L)), MailStore.FlagChange.ADD, Flags.of(SystemFlag.DELETED),
                Optional.empty());
        store.expunge(alice, box.id(), Optional.empty());
        expectSame(box, 18);   // an append and an expunge between two reads
        List<Long> uids = cachedKeys(box).stream().map(MessageSortKeys::uid).toList();
        assertThat(uids).doesNotContain(1L, 2L, 3L, 9L, 21L).isSorted();
    }

    @Test
    void aRowTheFirstReadMissedShouldBeFoundByTheNextRead() {
        append("INBOX", 6);
        MailboxInfo inbox = store.mailbox(alice, "INBOX").orElseThrow();
        AtomicBoolean dropOnce = new AtomicBoolean(true);
        MailboxRowCache.Loader<MessageSortKeys> lossy = (mailbox, fromUid, sink) -> rows.forEachSortKeys(mailbox, fromUid,
                row -> {
                    if (row.uid() == 3 && dropOnce.getAndSet(false)) {
                        return;   // as if the row's commit had raced the read
                    }
                    sink.accept(row);
                });
        MailboxRowCache<MessageSortKeys> own = new MailboxRowCache<>(jdbc, lossy, MessageSortKeys::uid, 1000);
        assertThat(read(own, inbox)).hasSize(5);
        assertThat(read(own, inbox)).containsExactlyElementsOf(databaseKeys(inbox));
        assertThat(own.size()).isEqualTo(1);
    }

    @Test
    void aMailboxAboveTheLimitShouldBeReadFromTheDatabaseEachTime() {
        append("INBOX", 4);
        MailboxInfo inbox = store.mailbox(alice, "INBOX").orElseThrow();
        MailboxRowCache<MessageSortKeys> small = new MailboxRowCache<>(jdbc, rows::forEachSortKeys, MessageSortKeys::uid, 3);
        assertThat(read(small, inbox)).containsExactlyElementsOf(databaseKeys(inbox));
        assertThat(small.size()).as("4 rows > max 3: not kept").isZero();

        MailboxRowCache<MessageSortKeys> two = new MailboxRowCache<>(jdbc, rows::forEachSortKeys, MessageSortKeys::uid, 5);
        MailboxInfo first = store.createMailbox(alice, "First");
        MailboxInfo second = store.createMailbox(alice, "Second");
        append("First", 3);
        append("Second", 3);
        assertThat(read(two, first)).hasSize(3);
        assertThat(read(two, second)).hasSize(3);
        assertThat(two.size()).as("3 + 3 rows > max 5: the least recently used mailbox went").isEqualTo(1);
        assertThat(read(two, first)).containsExactlyElementsOf(databaseKeys(first));
        assertThat(properties.sortCache().maxMessages()).as("the configured default").isEqualTo(250_000);
    }

    private List<MessageSortKeys> read(MailboxRowCache<MessageSortKeys> cache, MailboxInfo box) {
        List<MessageSortKeys> out = new ArrayList<>();
        Consumer<MessageSortKeys> sink = out::add;
        tx.read(() -> cache.forEach(box.id().value(), sink));
        return out;
    }
}
