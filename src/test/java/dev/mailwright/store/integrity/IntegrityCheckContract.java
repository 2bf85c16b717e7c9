package dev.mailwright.store.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mailwright.config.MailwrightProperties.Integrity.BlobCheck;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.integrity.IntegrityReport.Finding;
import dev.mailwright.store.integrity.IntegrityReport.Kind;

/**
 * The integrity check against a real database (H2 and, in the Postgres subclass, PostgreSQL): each test damages the
 * store the way a crash or a lost file does, with plain SQL or by deleting a blob, then checks, repairs and checks
 * again. Findings are filtered by the test's own account: the database is shared by the test methods.
 */
@SpringBootTest(properties = "mailwright.integrity.on-start=false")
abstract class IntegrityCheckContract {
    @Autowired
    IntegrityCheck check;
    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    JdbcClient jdbc;

    AccountStore.Account alice;

    @BeforeEach
    void account() {
        accounts.ensureDomain("example.test");
        alice = accounts.createAccount("alice-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test", "{noop}x", false);
    }

    static MessageSource message(String subject) {
        return MessageSource.of(("From: a@example.test\r\nTo: b@example.test\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + UUID.randomUUID() + "@example.test>\r\n\r\nbody of " + subject + " " + UUID.randomUUID() + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    long deliver(String subject) {
        return store.deliver(message(subject), List.of(alice.id())).deliveries().getFirst().uid();
    }

    MailboxInfo inbox() {
        return store.mailbox(alice.id(), "INBOX").orElseThrow();
    }

    List<Finding> mine(IntegrityReport report) {
        return report.findings().stream().filter(f -> f.account().equals(alice.address())).toList();
    }

    @Test
    void aHealthyMailboxShouldHaveNoFindings() {
        deliver("one");
        deliver("two");
        IntegrityReport report = check.run(false, BlobCheck.HASH);
        assertThat(mine(report)).isEmpty();
        assertThat(report.scanned().placements()).isGreaterThanOrEqualTo(2);
        assertThat(report.scanned().blobs()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void wrongCountersShouldBeFoundAndRecomputed() {
        deliver("one");
        deliver("two");
        MailboxInfo before = inbox();
        jdbc.sql("UPDATE mailbox SET message_count = 7, unseen_count = 0, size_bytes = 3 WHERE id = ?").param(before.id().value()).update();

        List<Finding> found = mine(check.run(false));
        assertThat(found).extracting(Finding::kind).containsExactly(Kind.COUNTERS_WRONG);
        assertThat(found.getFirst().repaired()).isFalse();
        assertThat(inbox().messages()).isEqualTo(7);   // a check without repair changes nothing

        assertThat(mine(check.run(true))).extracting(Finding::kind, Finding::repaired).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.COUNTERS_WRONG, true));
        MailboxInfo after = inbox();
        assertThat(after.messages()).isEqualTo(2);
        assertThat(after.unseen()).isEqualTo(2);
        assertThat(after.sizeBytes()).isEqualTo(before.sizeBytes());
        assertThat(after.uidValidity()).isEqualTo(before.uidValidity());
        assertThat(mine(check.run(false))).isEmpty();
    }

    @Test
    void placementKeysOutOfStepWithThePlacementsShouldBeDerivedAgain() {
        long one = deliver("one");
        long two = deliver("two");
        long three = deliver("three");
        MailboxInfo box = inbox();
        // a placement without its key row (the webmail's sorted pages skip it), a key row without placement, and a
        // key row that names another message than its placement (its message could be taken for unreferenced)
        jdbc.sql("DELETE FROM mailbox_message_keys WHERE mailbox_id = ? AND uid = ?").params(box.id().value(), one).update();
        jdbc.sql("INSERT INTO mailbox_message_keys (mailbox_id, uid, message_id, sort_date, sort_from, sort_subject, size_bytes)"
                + " SELECT mailbox_id, uid + 1000, message_id, sort_date, sort_from, sort_subject, size_bytes FROM mailbox_message_keys"
                + " WHERE mailbox_id = ? AND uid = ?").params(box.id().value(), two).update();
        jdbc.sql("UPDATE mailbox_message_keys SET message_id = (SELECT message_id FROM mailbox_message WHERE mailbox_id = ?"
                + " AND uid = ?) WHERE mailbox_id = ? AND uid = ?").params(box.id().value(), two, box.id().value(), three).update();
        assertThat(subjectsByDate(box)).containsExactlyInAnyOrder("two", "three");

        List<Finding> found = check.run(false).findings().stream().filter(f -> f.kind() == Kind.PLACEMENT_KEYS_OUT_OF_STEP).toList();
        // one missing, one without placement, and the third counted twice: its placement has no matching row, its row no placement
        assertThat(found).extracting(Finding::count, Finding::repaired).containsExactly(org.assertj.core.groups.Tuple.tuple(4L, false));
        assertThat(subjectsByDate(box)).containsExactlyInAnyOrder("two", "three");   // a check without repair changes nothing

        List<Finding> repaired = check.run(true).findings().stream().filter(f -> f.kind() == Kind.PLACEMENT_KEYS_OUT_OF_STEP).toList();
        assertThat(repaired).extracting(Finding::repaired).containsExactly(true);
        assertThat(subjectsByDate(box)).containsExactlyInAnyOrder("one", "two", "three");
        assertThat(check.run(false).findings()).extracting(Finding::kind).doesNotContain(Kind.PLACEMENT_KEYS_OUT_OF_STEP);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mailbox_message mm JOIN mailbox_message_keys k ON k.mailbox_id = mm.mailbox_id"
                + " AND k.uid = mm.uid AND k.message_id = mm.message_id WHERE mm.mailbox_id = ?").param(box.id().value())
                .query(Long.class).single()).isEqualTo(3);
    }

    private List<String> subjectsByDate(MailboxInfo box) {
        return store.metaPage(box.id(), MailStore.SortKey.DATE, MailStore.SortDirection.DESCENDING, java.util.Optional.empty(), 10)
                .messages().stream().map(dev.mailwright.store.MessageMeta::subject).toList();
    }

    @Test
    void uidNextBehindTheRowsShouldGetANewUidValidityAndNeverReuseAUid() {
        deliver("one");
        deliver("two");
        long third = deliver("three");
        MailboxInfo before = inbox();
        // what the crashes did: the counter went back below UIDs that clients had already seen
        jdbc.sql("UPDATE mailbox SET uid_next = 2, highest_modseq = 1 WHERE id = ?").param(before.id().value()).update();

        List<Finding> found = mine(check.run(true));
        assertThat(found).extracting(Finding::kind).contains(Kind.COUNTERS_BEHIND);
        MailboxInfo after = inbox();
        assertThat(after.uidValidity()).isGreaterThan(before.uidValidity());
        assertThat(after.uidNext()).isEqualTo(third + 1);
        assertThat(after.highestModseq()).isGreaterThanOrEqualTo(before.highestModseq());
        assertThat(deliver("four")).isEqualTo(third + 1);
        assertThat(mine(check.run(false))).isEmpty();
    }

    @Test
    void anExpungedUidAboveUidNextShouldAlsoCountAsBehind() {
        long one = deliver("one");
        long two = deliver("two");
        MailboxInfo box = inbox();
        store.updateFlags(alice.id(), box.id(), dev.mailwright.store.UidSet.of(List.of(two)), MailStore.FlagChange.ADD,
                dev.mailwright.store.Flags.of(dev.mailwright.store.SystemFlag.DELETED), java.util.Optional.empty());
        store.expunge(alice.id(), box.id(), java.util.Optional.empty());
        jdbc.sql("UPDATE mailbox SET uid_next = ? WHERE id = ?").params(one + 1, box.id().value()).update();

        assertThat(mine(check.run(true))).extracting(Finding::kind).contains(Kind.COUNTERS_BEHIND);
        assertThat(inbox().uidNext()).isEqualTo(two + 1);
        assertThat(inbox().uidValidity()).isGreaterThan(box.uidValidity());
    }

    /** Deletes the blob behind a message the way a lost file would (filesystem or database blob store). */
    abstract void loseBlob(String hash) throws Exception;

    String blobOf(MailboxInfo box, long uid) {
        return jdbc.sql("SELECT m.blob_hash FROM mailbox_message mm JOIN message m ON m.id = mm.message_id"
                + " WHERE mm.mailbox_id = ? AND mm.uid = ?").params(box.id().value(), uid).query(String.class).single();
    }

    @Test
    void aMessageWithoutItsBlobShouldBeReportedAndMovedToLostAndFound() throws Exception {
        deliver("kept");
        long lost = deliver("lost");
        MailboxInfo box = inbox();
        loseBlob(blobOf(box, lost));

        IntegrityReport checked = check.run(false);
        assertThat(mine(checked)).extracting(Finding::kind, Finding::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.MISSING_BLOB, 1L));
        assertThat(checked.unreadableBlobs()).isGreaterThanOrEqualTo(1);

        IntegrityReport repaired = check.run(true);
        assertThat(mine(repaired)).extracting(Finding::kind).contains(Kind.MISSING_BLOB);
        assertThat(mine(repaired).stream().allMatch(Finding::repaired)).isTrue();
        assertThat(inbox().messages()).isEqualTo(1);
        MailboxInfo lostAndFound = store.mailbox(alice.id(), "lost+found").orElseThrow();
        assertThat(lostAndFound.messages()).isEqualTo(1);
        assertThat(store.expungedSince(box.id(), box.highestModseq())).containsExactly(lost);
        // still reported (the bytes are still gone) but nothing left to repair
        List<Finding> again = mine(check.run(true));
        assertThat(again).extracting(Finding::kind, Finding::mailbox).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.MISSING_BLOB, "lost+found"));
        assertThat(again.getFirst().repaired()).isFalse();
    }

    @Test
    void aMessageAnotherReaderHasSeenShouldStillMoveToLostAndFound() throws Exception {
        long lost = deliver("seen by a colleague");
        MailboxInfo box = inbox();
        var colleague = accounts.createAccount("colleague-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test",
                "{noop}x", false);
        // the colleague's private \Seen (V28) refers to the placement the repair moves away
        jdbc.sql("INSERT INTO mailbox_seen (account_id, mailbox_id, uid, seen, modseq) VALUES (?, ?, ?, TRUE, ?)")
                .params(colleague.id().value(), box.id().value(), lost, box.highestModseq()).update();
        loseBlob(blobOf(box, lost));

        IntegrityReport repaired = check.run(true);
        assertThat(mine(repaired)).extracting(Finding::kind).contains(Kind.MISSING_BLOB);
        assertThat(mine(repaired).stream().allMatch(Finding::repaired)).as(mine(repaired).toString()).isTrue();
        assertThat(store.mailbox(alice.id(), "lost+found").orElseThrow().messages()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM mailbox_seen WHERE mailbox_id = ?").param(box.id().value())
                .query(Long.class).single()).as("the colleague's \\Seen of the moved placement is gone").isZero();
    }

    @Test
    void aRepeatedUidShouldNotWedgeSelectAndShouldBeMovedAside() {
        long one = deliver("one");
        long two = deliver("two");
        MailboxInfo box = inbox();
        long otherMessage = jdbc.sql("SELECT message_id FROM mailbox_message WHERE mailbox_id = ? AND uid = ?")
                .params(box.id().value(), one).query(Long.class).single();
        dropPrimaryKey();
        try {
            // a second row with UID two: what a damaged unique index lets through
            jdbc.sql("""
                            INSERT INTO mailbox_message (mailbox_id, uid, message_id, modseq, seen, answered, flagged, deleted, draft,
                                keywords, internal_date, sort_date, size_bytes)
                            SELECT mailbox_id, ?, message_id, modseq, seen, answered, flagged, deleted, draft, keywords,
                                internal_date, sort_date, size_bytes
                            FROM mailbox_message WHERE mailbox_id = ? AND uid = ?""")
                    .params(two, box.id().value(), one).update();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM mailbox_message WHERE mailbox_id = ?").param(box.id().value())
                    .query(Long.class).single()).isEqualTo(3);

            // SELECT shows each UID once instead of failing ("UID 2 is not above 2")
            assertThat(store.selection(box.id()).uids()).containsExactly(one, two);

            IntegrityReport checked = check.run(false);
            assertThat(checked.findings()).extracting(Finding::kind).contains(Kind.PRIMARY_KEY_MISSING);
            assertThat(mine(checked)).extracting(Finding::kind).contains(Kind.DUPLICATE_UID);

            IntegrityReport repaired = check.run(true);
            assertThat(repaired.findings().stream().filter(f -> f.kind() == Kind.PRIMARY_KEY_MISSING || f.kind() == Kind.DUPLICATE_UID)
                    .allMatch(Finding::repaired)).as(repaired.findings().toString()).isTrue();
        } finally {
            if (!primaryKeyPresent()) {
                check.run(true);   // an assertion failed before the repair: later tests still need the key
            }
            restoreSeenKey();
        }
        assertThat(store.selection(box.id()).uids()).containsExactly(one, two);
        MailboxInfo lostAndFound = store.mailbox(alice.id(), "lost+found").orElseThrow();
        assertThat(lostAndFound.messages()).isEqualTo(1);
        assertThat(inbox().messages()).isEqualTo(2);
        // the one kept under UID two is the original message, the copy of message one went aside
        assertThat(jdbc.sql("SELECT message_id FROM mailbox_message WHERE mailbox_id = ? AND uid = ?")
                .params(lostAndFound.id().value(), 1L).query(Long.class).single()).isEqualTo(otherMessage);
        assertThat(mine(check.run(false))).isEmpty();
        // the primary key is back: a second row with an existing UID is refused again
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(
                "INSERT INTO mailbox_message (mailbox_id, uid, message_id, modseq, seen, answered, flagged, deleted, draft,"
                        + " keywords, internal_date, sort_date, size_bytes)"
                        + " SELECT mailbox_id, uid, message_id, modseq, seen, answered, flagged, deleted, draft, keywords,"
                        + " internal_date, sort_date, size_bytes FROM mailbox_message WHERE mailbox_id = ? AND uid = ?")
                .params(box.id().value(), one).update()).isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
    }

    /** Drops the key and, first, the private-\Seen foreign key that depends on it (restored by {@link #restoreSeenKey}). */
    void dropPrimaryKey() {
        jdbc.sql("ALTER TABLE mailbox_seen DROP CONSTRAINT IF EXISTS fk_ms_placement").update();
        jdbc.sql("ALTER TABLE mailbox_message DROP CONSTRAINT pk_mailbox_message").update();
    }

    void restoreSeenKey() {
        jdbc.sql("ALTER TABLE mailbox_seen ADD CONSTRAINT fk_ms_placement FOREIGN KEY (mailbox_id, uid)"
                + " REFERENCES mailbox_message (mailbox_id, uid) ON DELETE CASCADE").update();
    }

    boolean primaryKeyPresent() {
        return jdbc.sql("SELECT COUNT(*) FROM information_schema.table_constraints WHERE LOWER(table_name) = 'mailbox_message'"
                + " AND constraint_type = 'PRIMARY KEY'").query(Long.class).single() > 0;
    }

    AccountId aliceId() {
        return alice.id();
    }
}
