package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mailwright.store.MailStore.MetaPage;
import dev.mailwright.store.MailStore.PageCursor;
import dev.mailwright.store.MailStore.SortDirection;
import dev.mailwright.store.MailStore.SortKey;

/** Sorted keyset pages ({@link MailStore#metaPage}), on H2 and (when configured) PostgreSQL. */
@SpringBootTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class SortedPagesContract {
    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate template;

    AccountId alice;

    @BeforeEach
    void createAccount() {
        alice = accounts.createAccount(uniqueAddress("alice"), "{noop}x", false).id();
    }

    private record Sample(long uid, String from, String subject, Instant date, long size) {
    }

    @Test
    void everySortKeyShouldPageThroughAllMessagesInOrderWithTiesBrokenByUid() {
        MailboxInfo folder = store.createMailbox(alice, "Sorted");
        String[][] mails = {
                {"Zed <zed@example.test>", "apple", "Fri, 27 Nov 2026 10:00:00 +0000", "x"},
                {"amy <amy@example.test>", "Banana", "Thu, 26 Nov 2026 10:00:00 +0000", "xxxxxxxxxxxxxxxxxxxx"},
                {"Bob <bob@example.test>", "cherry", null, "xx"},
                {"bob <bob@example.test>", "Apple", "Fri, 27 Nov 2026 10:00:00 +0000", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
                {"Amy <amy@example.test>", "banana", "Wed, 25 Nov 2026 10:00:00 +0000", "x"},
                {"Carl <carl@example.test>", "date", "Sat, 28 Nov 2026 09:00:00 +0100", "xxxxxxx"},
                {"Carl <carl@example.test>", "apple", "Sat, 28 Nov 2026 09:00:00 +0100", "xxxxxxx"}};
        Instant appended = Instant.parse("2026-11-26T12:00:00Z");
        List<Sample> samples = new ArrayList<>();
        for (String[] m : mails) {
            String text = "From: " + m[0] + "\r\nTo: x@example.test\r\nSubject: " + m[1] + "\r\n"
                    + (m[2] == null ? "" : "Date: " + m[2] + "\r\n") + "\r\n" + m[3] + "\r\n";
            MessageSource raw = MessageSource.of(text.getBytes(StandardCharsets.US_ASCII));
            long uid = store.append(alice, "Sorted", raw, Flags.NONE, Optional.of(appended)).uid();
            Instant date = m[2] == null ? appended
                    : java.time.ZonedDateTime.parse(m[2], java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            samples.add(new Sample(uid, m[0].toLowerCase(Locale.ROOT), m[1].toLowerCase(Locale.ROOT), date, raw.size()));
        }
        for (SortKey key : SortKey.values()) {
            Comparator<Sample> byKey = switch (key) {
                case ARRIVAL -> Comparator.comparingLong(Sample::uid);
                case DATE -> Comparator.comparing(Sample::date);
                case SENDER -> Comparator.comparing(Sample::from);
                case SUBJECT -> Comparator.comparing(Sample::subject);
                case SIZE -> Comparator.comparingLong(Sample::size);
            };
            Comparator<Sample> ascending = byKey.thenComparingLong(Sample::uid);
            for (SortDirection direction : SortDirection.values()) {
                Comparator<Sample> order = direction == SortDirection.ASCENDING ? ascending : ascending.reversed();
                List<Long> expected = samples.stream().sorted(order).map(Sample::uid).toList();
                assertThat(allPages(folder, key, direction, 2)).as(key + " " + direction).isEqualTo(expected);
            }
        }
    }

    @Test
    void aCursorThatDoesNotFitTheKeyShouldBeRefused() {
        MailboxInfo inbox = store.mailbox(alice, "INBOX").orElseThrow();
        assertThatThrownBy(() -> store.metaPage(inbox.id(), SortKey.DATE, SortDirection.DESCENDING,
                Optional.of(new PageCursor("yesterday", 5)), 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.metaPage(inbox.id(), SortKey.SIZE, SortDirection.ASCENDING,
                Optional.of(new PageCursor("big", 5)), 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.metaPage(inbox.id(), SortKey.SIZE, SortDirection.ASCENDING, Optional.empty(), 10).messages()).isEmpty();
    }

    @Test
    void sortKeysShouldFollowCopiesAndMoves() {
        String text = "From: Quinn <q@example.test>\r\nSubject: Moved along\r\nDate: Tue, 24 Nov 2026 08:00:00 +0000\r\n\r\nbody\r\n";
        long uid = store.append(alice, "INBOX", MessageSource.of(text.getBytes(StandardCharsets.US_ASCII)), Flags.NONE,
                Optional.empty()).uid();
        MailboxInfo inbox = store.mailbox(alice, "INBOX").orElseThrow();
        store.copy(alice, inbox.id(), UidSet.of(uid), "Archive");
        MailboxInfo archive = store.mailbox(alice, "Archive").orElseThrow();
        String sortFrom = jdbc.sql("SELECT sort_from FROM mailbox_message_keys WHERE mailbox_id = ?").param(archive.id().value())
                .query(String.class).single();
        assertThat(sortFrom).isEqualTo("quinn <q@example.test>");
        MetaPage page = store.metaPage(archive.id(), SortKey.DATE, SortDirection.DESCENDING, Optional.empty(), 5);
        assertThat(page.messages()).extracting(MessageMeta::subject).containsExactly("Moved along");
        assertThat(page.next()).isEmpty();
    }

    @Test
    void searchShouldFindMessagesInEveryFolderByFieldAndDateRangeNewestFirst() {
        long inboxUid = appendTo("INBOX", "Dora <dora@example.test>", "me@example.test", "Quarterly report",
                "Tue, 10 Nov 2026 10:00:00 +0000", "numbers inside");
        long sentUid = appendTo("Sent", "me@example.test", "dora@example.test", "Re: Quarterly report",
                "Wed, 11 Nov 2026 10:00:00 +0000", "thanks, the NUMBERS look fine");
        appendTo("Archive", "Eve <eve@example.test>", "me@example.test", "Holiday 100% off_sale",
                "Mon, 02 Nov 2026 10:00:00 +0000", "cheap");
        MailboxInfo inbox = store.mailbox(alice, "INBOX").orElseThrow();

        List<MailStore.SearchHit> report = store.search(alice, query(Optional.empty(), null, null, "quarterly", null, null, null), 10);
        assertThat(report).extracting(h -> h.meta().uid()).containsExactly(sentUid, inboxUid);
        assertThat(report).extracting(MailStore.SearchHit::mailboxName).containsExactly("Sent", "INBOX");

        assertThat(store.search(alice, query(Optional.empty(), "DORA", null, null, "numbers", null, null), 10))
                .extracting(MailStore.SearchHit::mailboxName).containsExactly("INBOX");
        assertThat(store.search(alice, query(Optional.empty(), null, "dora@", null, null, null, null), 10))
                .extracting(MailStore.SearchHit::mailboxName).containsExactly("Sent", "INBOX");
        assertThat(store.search(alice, query(Optional.empty(), null, null, null, null,
                Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-11T00:00:00Z")), 10))
                .extracting(h -> h.meta().subject()).containsExactly("Quarterly report", "Holiday 100% off_sale");
        assertThat(store.search(alice, query(Optional.empty(), null, null, "100%", null, null, null), 10)).hasSize(1);
        assertThat(store.search(alice, query(Optional.empty(), null, null, "0%_", null, null, null), 10)).isEmpty();
        assertThat(store.search(alice, query(Optional.of(inbox.id()), null, null, "report", null, null, null), 10))
                .extracting(h -> h.meta().uid()).containsExactly(inboxUid);
        assertThat(store.search(alice, query(Optional.empty(), null, null, null, null, null, null), 2)).hasSize(2);

        AccountId other = accounts.createAccount(uniqueAddress("mallory"), "{noop}x", false).id();
        assertThat(store.search(other, query(Optional.empty(), null, null, "quarterly", null, null, null), 10)).isEmpty();
    }

    @Test
    void conversationShouldCollectTheThreadFromEveryFolderOldestFirstAndCountIt() {
        String root = "<conv-" + System.nanoTime() + "@example.test>";
        long first = store.append(alice, "INBOX", message(root, "Kickoff", "first", ""), Flags.NONE, Optional.empty()).uid();
        long reply = store.append(alice, "Sent", message("<r-" + System.nanoTime() + "@example.test>", "Re: Kickoff", "second",
                "In-Reply-To: " + root + "\r\nReferences: " + root + "\r\n"), Flags.NONE, Optional.empty()).uid();
        store.append(alice, "INBOX", message("other", "unrelated"), Flags.NONE, Optional.empty());
        MailboxInfo inbox = store.mailbox(alice, "INBOX").orElseThrow();
        List<MessageMeta> inInbox = new ArrayList<>();
        store.forEachMeta(inbox.id(), UidSet.of(first), inInbox::add);
        String key = inInbox.getFirst().threadKey();

        List<MailStore.SearchHit> thread = store.conversation(alice, key, 10);
        assertThat(thread).extracting(MailStore.SearchHit::mailboxName).containsExactlyInAnyOrder("INBOX", "Sent");
        assertThat(thread).extracting(h -> h.meta().uid()).contains(first, reply);
        assertThat(store.conversationSizes(alice, List.of(key, "m:nothing"))).containsEntry(key, 2L).doesNotContainKey("m:nothing");
        AccountId other = accounts.createAccount(uniqueAddress("mallory"), "{noop}x", false).id();
        assertThat(store.conversation(other, key, 10)).isEmpty();
    }

    private long appendTo(String folder, String from, String to, String subject, String date, String body) {
        String text = "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: " + date + "\r\n\r\n" + body + "\r\n";
        return store.append(alice, folder, MessageSource.of(text.getBytes(StandardCharsets.US_ASCII)), Flags.NONE,
                Optional.empty()).uid();
    }

    private static MailStore.MessageQuery query(Optional<MailboxId> mailbox, String from, String to, String subject, String text,
                                                Instant since, Instant before) {
        return new MailStore.MessageQuery(mailbox, Optional.ofNullable(from), Optional.ofNullable(to), Optional.ofNullable(subject),
                Optional.ofNullable(text), Optional.ofNullable(since), Optional.ofNullable(before));
    }

    /** 100,000 placements: every key's page is an index range scan, first page and deep pages alike. */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void pagesOfAHundredThousandMessageFolderShouldUseTheSortIndexes() {
        String text = "From: Bulk <bulk@example.test>\r\nSubject: seed\r\n\r\nbody\r\n";
        long seedUid = store.append(alice, "INBOX", MessageSource.of(text.getBytes(StandardCharsets.US_ASCII)), Flags.NONE,
                Optional.empty()).uid();
        MailboxInfo inbox = store.mailbox(alice, "INBOX").orElseThrow();
        long messageId = jdbc.sql("SELECT message_id FROM mailbox_message WHERE mailbox_id = ? AND uid = ?")
                .params(inbox.id().value(), seedUid).query(Long.class).single();
        MailboxInfo big = store.createMailbox(alice, "Big");
        Instant base = Instant.parse("2020-01-01T00:00:00Z");
        int n = 100_000;
        try {
            // 100,000 rows (H2 on a loaded machine needs tens of seconds for them); "x * 7919 mod n" spreads every key
            // over the folder independently of the UID
            String numbers = isPostgres() ? "generate_series(1, " + n + ") AS r(x)" : "SYSTEM_RANGE(1, " + n + ") r";
            jdbc.sql("INSERT INTO mailbox_message (mailbox_id, uid, message_id, modseq, seen, answered, flagged, deleted,"
                            + " draft, keywords, internal_date, sort_date, size_bytes)"
                            + " SELECT ?, x, ?, 1, FALSE, FALSE, FALSE, FALSE, FALSE, '', ?,"
                            + " CAST(? AS TIMESTAMP WITH TIME ZONE) + MOD(x * 7919, " + n + ") * INTERVAL '1' MINUTE,"
                            + " 100 + MOD(x * 7919, 5000) FROM " + numbers)
                    .params(big.id().value(), messageId, base.atOffset(ZoneOffset.UTC), base.atOffset(ZoneOffset.UTC))
                    .update();
            jdbc.sql("INSERT INTO mailbox_message_keys (mailbox_id, uid, message_id, sort_date, sort_from, sort_subject,"
                            + " size_bytes) SELECT ?, x, ?,"
                            + " CAST(? AS TIMESTAMP WITH TIME ZONE) + MOD(x * 7919, " + n + ") * INTERVAL '1' MINUTE,"
                            + " 'sender ' || CAST(MOD(x * 7919, 977) AS VARCHAR(10)),"
                            + " 'subject ' || CAST(MOD(x * 7919, " + n + ") AS VARCHAR(10)),"
                            + " 100 + MOD(x * 7919, 5000) FROM " + numbers)
                    .params(big.id().value(), messageId, base.atOffset(ZoneOffset.UTC))
                    .update();
            if (isPostgres()) {
                jdbc.sql("ANALYZE mailbox_message").update();
                jdbc.sql("ANALYZE mailbox_message_keys").update();
            }
            for (SortKey key : SortKey.values()) {
                for (SortDirection direction : SortDirection.values()) {
                    MetaPage first = store.metaPage(big.id(), key, direction, Optional.empty(), 50);
                    assertThat(first.messages()).hasSize(50);
                    PageCursor deep = first.next().orElseThrow();
                    MetaPage second = store.metaPage(big.id(), key, direction, Optional.of(deep), 50);
                    assertThat(second.messages()).hasSize(50);
                    assertThat(second.messages()).extracting(MessageMeta::uid)
                            .doesNotContainAnyElementsOf(first.messages().stream().map(MessageMeta::uid).toList());
                    assertReadsInOrder(plan(big, key, direction, Optional.empty()), key);
                    assertReadsInOrder(plan(big, key, direction, Optional.of(deep)), key);
                }
            }
            // the webmail's default list (newest first, keyset on the UID): the primary key walked backwards, no sort
            List<MessageMeta> newest = store.metaPageBefore(big.id(), Long.MAX_VALUE, 51);
            assertThat(newest).extracting(MessageMeta::uid)
                    .containsExactlyElementsOf(java.util.stream.LongStream.iterate(n, u -> u - 1).limit(51).boxed().toList());
            List<MessageMeta> older = store.metaPageBefore(big.id(), n - 50, 51);
            assertThat(older.getFirst().uid()).isEqualTo(n - 51);
            assertThat(older.getLast().uid()).isEqualTo(n - 101);
            String pageBefore = String.join("\n", jdbc.sql("EXPLAIN " + MessageRows.pageBeforeSql(51))
                    .params(big.id().value(), Long.MAX_VALUE).query(String.class).list());
            assertReadsInOrder(pageBefore, SortKey.ARRIVAL);
            long start = System.nanoTime();   // a coarse bound only: the plans above are the real check
            MetaPage page = store.metaPage(big.id(), SortKey.SUBJECT, SortDirection.ASCENDING,
                    Optional.of(new PageCursor("subject 5", 0)), 50);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(page.messages()).hasSize(50);
            assertThat(millis).as("one page of 100,000 messages, in ms").isLessThan(2_000);
        } finally {
            if (isPostgres()) {   // the PostgreSQL database outlives the test; H2's is a fresh file per class
                jdbc.sql("DELETE FROM mailbox_message WHERE mailbox_id = ?").param(big.id().value()).update();
                jdbc.sql("DELETE FROM mailbox_message_keys WHERE mailbox_id = ?").param(big.id().value()).update();
            }
        }
    }

    private String plan(MailboxInfo mailbox, SortKey key, SortDirection direction, Optional<PageCursor> after) {
        SortedPages.Query query = SortedPages.query(mailbox.id().value(), key, direction, after, 50);
        return String.join("\n", jdbc.sql("EXPLAIN " + query.sql()).params(query.params()).query(String.class).list());
    }

    /**
     * The plan walks the index of {@code key} in the page's order, so a page reads its rows and no more: H2 says "index
     * sorted"; PostgreSQL's plan has no Sort node.
     */
    private void assertReadsInOrder(String plan, SortKey key) {
        if (isPostgres()) {
            assertThat(plan).as(plan).containsIgnoringCase(index(key))
                    .doesNotContainPattern("(?m)^\\s*(->\\s*)?(Incremental )?Sort\\b");
        } else {
            // H2 names a primary key's index PRIMARY_KEY_<n>, not by its constraint
            assertThat(plan).as(plan).containsPattern(key == SortKey.ARRIVAL
                    ? "\"MAILBOX_MESSAGE\" \"MM\"\\s*/\\* PUBLIC\\.PRIMARY_KEY_" : "(?i)" + index(key));
            assertThat(plan).as(plan).contains("/* index sorted */");
        }
    }

    private static String index(SortKey key) {
        return switch (key) {
            case ARRIVAL -> "pk_mailbox_message";
            case DATE -> "ix_mmk_sort_date";
            case SENDER -> "ix_mmk_sort_from";
            case SUBJECT -> "ix_mmk_sort_subject";
            case SIZE -> "ix_mmk_sort_size";
        };
    }

    private boolean isPostgres() {
        return template.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName()).contains("PostgreSQL");
    }

    private List<Long> allPages(MailboxInfo mailbox, SortKey key, SortDirection direction, int size) {
        List<Long> uids = new ArrayList<>();
        Optional<PageCursor> cursor = Optional.empty();
        for (int guard = 0; guard < 100; guard++) {
            MetaPage page = store.metaPage(mailbox.id(), key, direction, cursor, size);
            page.messages().forEach(m -> uids.add(m.uid()));
            cursor = page.next();
            if (cursor.isEmpty()) {
                return uids;
            }
        }
        throw new AssertionError("paging did not end");
    }
}
