package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mailwright.store.MailStore.FlagChange;

/** Store semantics, run against H2 and (when configured) PostgreSQL by the subclasses. */
@SpringBootTest
@Import(EventRecorder.class)
abstract class MailStoreContract {
    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventRecorder recorder;

    AccountId alice;
    MailboxInfo inbox;

    @BeforeEach
    void createAccount() {
        alice = accounts.createAccount(uniqueAddress("alice"), "{noop}x", false).id();
        inbox = store.mailbox(alice, "INBOX").orElseThrow();
    }

    @Test
    void deliverShouldAllocateAscendingUidsAndKeepCountersExact() {
        MessageSource first = message("one", "first body");
        MessageSource second = message("two", "second body, longer");
        long uid1 = store.deliver(first, List.of(alice)).deliveries().getFirst().uid();
        long uid2 = store.deliver(second, List.of(alice)).deliveries().getFirst().uid();

        assertThat(uid2).isGreaterThan(uid1);
        MailboxInfo after = store.mailbox(alice, "inbox").orElseThrow();
        assertThat(after.messages()).isEqualTo(2);
        assertThat(after.unseen()).isEqualTo(2);
        assertThat(after.sizeBytes()).isEqualTo(first.size() + second.size());
        assertThat(after.uidNext()).isEqualTo(uid2 + 1);
        assertThat(after.highestModseq()).isGreaterThan(inbox.highestModseq());
        assertThat(uids(after.id())).containsExactly(uid1, uid2);
    }

    @Test
    void openMessageRangeShouldStreamExactlyTheRequestedBytes() throws Exception {
        MessageSource raw = message("<range-1@example.test>", "Ranges", "0123456789 body", "");
        store.append(alice, "Drafts", raw, Flags.NONE, Optional.empty());
        List<MessageMeta> metas = new ArrayList<>();
        store.forEachMeta(store.mailbox(alice, SpecialUse.DRAFTS).orElseThrow().id(), UidSet.ALL, metas::add);
        MessageMeta meta = metas.stream().filter(m -> "range-1@example.test".equals(m.messageId())).findFirst().orElseThrow();
        byte[] all = raw.open().readAllBytes();
        var body = dev.mailwright.store.ingest.MimePart.decode(meta.partTree());

        try (InputStream in = store.openMessageRange(meta.blobHash(), body.bodyStart(), body.bodyEnd())) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(all, (int) body.bodyStart(), (int) body.bodyEnd()));
        }
        try (InputStream in = store.openMessageRange(meta.blobHash(), 3, 3)) {
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThatThrownBy(() -> store.openMessageRange(meta.blobHash(), 5, 4)).isInstanceOf(IllegalArgumentException.class);

        // the same through the row the caller read (what FETCH does: no second look-up of the blob's references)
        try (InputStream in = store.openMessageRange(meta, body.bodyStart(), body.bodyEnd())) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(all, (int) body.bodyStart(), (int) body.bodyEnd()));
        }
        try (InputStream in = store.openMessageRange(meta, 0, all.length)) {
            assertThat(in.readAllBytes()).isEqualTo(all);
        }
        assertThatThrownBy(() -> store.openMessageRange(meta, 5, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void appendShouldStoreFlagsInternalDateAndMetadata() throws Exception {
        Instant date = Instant.parse("2024-01-02T03:04:05Z");
        MessageSource raw = message("<meta-1@example.test>", "Hello there", "body text", "");
        MailStore.Appended appended = store.append(alice, "Drafts", raw, new Flags(Set.of(SystemFlag.SEEN, SystemFlag.DRAFT), Set.of("$Work")),
                Optional.of(date));

        MailboxInfo drafts = store.mailbox(alice, SpecialUse.DRAFTS).orElseThrow();
        assertThat(appended.mailbox()).isEqualTo(drafts.id());
        assertThat(appended.uidValidity()).isEqualTo(drafts.uidValidity());
        assertThat(drafts.messages()).isEqualTo(1);
        assertThat(drafts.unseen()).isZero();

        List<MessageMeta> metas = new ArrayList<>();
        store.forEachMeta(drafts.id(), UidSet.ALL, metas::add);
        MessageMeta meta = metas.getFirst();
        assertThat(meta.uid()).isEqualTo(appended.uid());
        assertThat(meta.internalDate()).isEqualTo(date);
        assertThat(meta.flags().system()).containsExactlyInAnyOrder(SystemFlag.SEEN, SystemFlag.DRAFT);
        assertThat(meta.flags().hasKeyword("$work")).isTrue();
        assertThat(meta.subject()).isEqualTo("Hello there");
        assertThat(meta.messageId()).isEqualTo("meta-1@example.test");
        assertThat(meta.size()).isEqualTo(raw.size());
        assertThat(dev.mailwright.store.ingest.MimePart.decode(meta.partTree()).type()).isEqualTo("text");
        try (InputStream in = store.openMessage(meta.blobHash())) {
            assertThat(in.readAllBytes()).isEqualTo(raw.open().readAllBytes());
        }
    }

    @Test
    void appendToMissingMailboxShouldThrowMailboxNotFoundAndStoreNothing() {
        long before = count("SELECT COUNT(*) FROM message WHERE account_id = ?", alice.value());
        assertThatThrownBy(() -> store.append(alice, "Nope", message("x", "y"), Flags.NONE, Optional.empty()))
                .isInstanceOf(StoreException.MailboxNotFound.class);
        assertThat(count("SELECT COUNT(*) FROM message WHERE account_id = ?", alice.value())).isEqualTo(before);
    }

    @Test
    void aDeletedMailboxShouldBeGoneByIdAtOnceThoughItsOwnerWasJustLookedUp() {
        MailboxInfo temp = store.createMailbox(alice, "Temp");
        assertThat(store.rights(alice, temp.id()).has(Right.READ)).isTrue();   // its owner is now kept in memory
        store.deleteMailbox(alice, "Temp");
        assertThatThrownBy(() -> store.rights(alice, temp.id())).isInstanceOf(StoreException.MailboxNotFound.class);
        assertThat(store.mailbox(alice, temp.id())).isEmpty();
    }

    @Test
    void selectionShouldListUidsInOrderTheFirstUnseenAndTheKeywordsInUse() {
        assertThat(store.selection(inbox.id()).uids()).isEmpty();
        long u1 = deliver("s1");
        long u2 = deliver("s2");
        long u3 = deliver("s3");
        store.updateFlags(alice, inbox.id(), UidSet.of(u1), FlagChange.ADD,
                new Flags(Set.of(SystemFlag.SEEN), Set.of("$Forwarded", "Work")), Optional.empty());
        store.updateFlags(alice, inbox.id(), UidSet.of(u3), FlagChange.ADD,
                new Flags(Set.of(), Set.of("Work", "Junk")), Optional.empty());

        MailStore.Selection selection = store.selection(inbox.id());

        assertThat(selection.uids()).containsExactly(u1, u2, u3);
        assertThat(selection.firstUnseenUid()).isEqualTo(u2);
        assertThat(selection.keywords()).containsExactlyInAnyOrder("$Forwarded", "Work", "Junk");
        store.updateFlags(alice, inbox.id(), UidSet.of(u2, u3), FlagChange.ADD, Flags.of(SystemFlag.SEEN), Optional.empty());
        assertThat(store.selection(inbox.id()).firstUnseenUid()).isZero();
    }

    @Test
    void updateFlagsShouldAddRemoveReplaceAndBumpModseqOnlyForChangedMessages() {
        long u1 = deliver("a");
        long u2 = deliver("b");
        MailStore.FlagUpdate added = store.updateFlags(alice, inbox.id(), UidSet.of(u1), FlagChange.ADD,
                new Flags(Set.of(SystemFlag.SEEN), Set.of("Important")), Optional.empty());
        long modseqAfterAdd = added.updated().getFirst().modseq();
        assertThat(added.updated().getFirst().flags().has(SystemFlag.SEEN)).isTrue();
        assertThat(store.mailbox(alice, inbox.id()).orElseThrow().unseen()).isEqualTo(1);

        // adding again changes nothing: same modseq
        MailStore.FlagUpdate again = store.updateFlags(alice, inbox.id(), UidSet.of(u1), FlagChange.ADD,
                Flags.of(SystemFlag.SEEN), Optional.empty());
        assertThat(again.updated().getFirst().modseq()).isEqualTo(modseqAfterAdd);

        MailStore.FlagUpdate removed = store.updateFlags(alice, inbox.id(), UidSet.ALL, FlagChange.REMOVE,
                new Flags(Set.of(), Set.of("important")), Optional.empty());
        assertThat(removed.updated()).hasSize(2);
        assertThat(removed.updated().getFirst().flags().keywords()).isEmpty();
        assertThat(removed.updated().getFirst().modseq()).isGreaterThan(modseqAfterAdd);
        assertThat(removed.updated().get(1).modseq()).isLessThan(removed.updated().getFirst().modseq());

        store.updateFlags(alice, inbox.id(), UidSet.ALL, FlagChange.REPLACE, Flags.of(SystemFlag.FLAGGED), Optional.empty());
        List<MessageRef> refs = refs(inbox.id());
        assertThat(refs).extracting(r -> r.flags().system()).containsOnly(Set.of(SystemFlag.FLAGGED));
        assertThat(refs).extracting(MessageRef::uid).containsExactly(u1, u2);
        assertThat(store.mailbox(alice, inbox.id()).orElseThrow().unseen()).isEqualTo(2);
    }

    @Test
    void updateFlagsOnARangeShouldWriteExactlyTheRowsThatChangeAndReturnWhatWasStored() {
        List<Long> u = deliverNumbered(7);
        store.updateFlags(alice, inbox.id(), UidSet.of(u.get(1), u.get(4), u.get(5)), FlagChange.ADD,
                new Flags(Set.of(SystemFlag.SEEN, SystemFlag.ANSWERED), Set.of("$Label1")), Optional.empty());
        long before = store.mailbox(alice, inbox.id()).orElseThrow().highestModseq();
        List<MessageRef> old = refs(inbox.id());

        MailStore.FlagUpdate update = store.updateFlags(alice, inbox.id(), UidSet.ALL, FlagChange.ADD,
                Flags.of(SystemFlag.SEEN), Optional.empty());

        assertThat(update.updated()).isEqualTo(refs(inbox.id()));   // what the caller is told is what is stored
        assertThat(update.updated()).extracting(MessageRef::uid).containsExactlyElementsOf(u);
        assertThat(update.updated()).allSatisfy(r -> assertThat(r.flags().has(SystemFlag.SEEN)).isTrue());
        List<Long> changed = update.updated().stream().filter(r -> r.modseq() == before + 1).map(MessageRef::uid).toList();
        assertThat(changed).containsExactly(u.get(0), u.get(2), u.get(3), u.get(6));
        for (int i : new int[] {1, 4, 5}) {
            assertThat(update.updated().get(i)).isEqualTo(old.get(i));   // already seen: untouched, keywords kept
        }
        MailboxInfo info = store.mailbox(alice, inbox.id()).orElseThrow();
        assertThat(info.unseen()).isZero();
        assertThat(info.highestModseq()).isEqualTo(before + 1);
        assertThat(recorder.of(inbox.id())).last().isEqualTo(
                new MailboxEvent.FlagsChanged(alice, inbox.id(), changed, before + 1));

        MailStore.FlagUpdate noop = store.updateFlags(alice, inbox.id(), UidSet.ALL, FlagChange.ADD,
                Flags.of(SystemFlag.SEEN), Optional.empty());
        assertThat(noop.updated()).isEqualTo(update.updated());
        assertThat(store.mailbox(alice, inbox.id()).orElseThrow().highestModseq()).isEqualTo(before + 1);
    }

    @Test
    void forEachMessageWithUidsShouldStreamOnlyTheSelectedMessagesInUidOrder() {
        List<Long> u = deliverNumbered(6);
        List<MessageRef> all = refs(inbox.id());
        List<MessageRef> picked = new ArrayList<>();
        store.forEachMessage(inbox.id(), UidSet.of(u.get(4), u.get(0), u.get(1), u.get(5) + 100), picked::add);
        assertThat(picked).containsExactly(all.get(0), all.get(1), all.get(4));
        List<MessageRef> none = new ArrayList<>();
        store.forEachMessage(inbox.id(), UidSet.EMPTY, none::add);
        assertThat(none).isEmpty();
    }

    @Test
    void updateFlagsShouldSkipMessagesModifiedAfterUnchangedSince() {
        long u1 = deliver("a");
        long u2 = deliver("b");
        long base = store.mailbox(alice, inbox.id()).orElseThrow().highestModseq();
        store.updateFlags(alice, inbox.id(), UidSet.of(u2), FlagChange.ADD, Flags.of(SystemFlag.FLAGGED), Optional.empty());

        MailStore.FlagUpdate conditional = store.updateFlags(alice, inbox.id(), UidSet.ALL, FlagChange.ADD,
                Flags.of(SystemFlag.SEEN), Optional.of(base));
        assertThat(conditional.modifiedSkipped()).containsExactly(u2);
        assertThat(conditional.updated()).extracting(MessageRef::uid).containsExactly(u1);
        assertThat(refs(inbox.id()).get(1).flags().has(SystemFlag.SEEN)).isFalse();
    }

    @Test
    void expungeShouldRemoveDeletedMessagesWriteTombstonesAndFixCounters() {
        long u1 = deliver("a");
        long u2 = deliver("b");
        long u3 = deliver("c");
        store.updateFlags(alice, inbox.id(), UidSet.of(u1, u3), FlagChange.ADD, Flags.of(SystemFlag.DELETED), Optional.empty());
        long before = store.mailbox(alice, inbox.id()).orElseThrow().highestModseq();

        assertThat(store.expunge(alice, inbox.id(), Optional.of(UidSet.of(u3)))).containsExactly(u3);
        assertThat(store.expunge(alice, inbox.id(), Optional.empty())).containsExactly(u1);

        MailboxInfo after = store.mailbox(alice, inbox.id()).orElseThrow();
        assertThat(uids(inbox.id())).containsExactly(u2);
        assertThat(after.messages()).isEqualTo(1);
        assertThat(after.unseen()).isEqualTo(1);
        assertThat(after.sizeBytes()).isEqualTo(exactSize(inbox.id()));
        assertThat(store.expungedSince(inbox.id(), before)).containsExactly(u1, u3);
        assertThat(store.expungedSince(inbox.id(), after.highestModseq())).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM message WHERE account_id = ?", alice.value())).isEqualTo(1);
    }

    /** The write re-reads the marked UIDs found by the read (stop 21): the unmarked ones between them stay. */
    @Test
    void expungeOfScatteredDeletedMessagesShouldKeepTheOnesBetweenThem() {
        List<Long> u = deliverNumbered(6);
        store.updateFlags(alice, inbox.id(), UidSet.of(u.get(0), u.get(2), u.get(5)), FlagChange.ADD,
                Flags.of(SystemFlag.DELETED), Optional.empty());
        assertThat(store.expunge(alice, inbox.id(), Optional.of(UidSet.of(u.get(0), u.get(1), u.get(2)))))
                .containsExactly(u.get(0), u.get(2));
        assertThat(store.expunge(alice, inbox.id(), Optional.empty())).containsExactly(u.get(5));
        assertThat(store.expunge(alice, inbox.id(), Optional.empty())).isEmpty();
        assertThat(uids(inbox.id())).containsExactly(u.get(1), u.get(3), u.get(4));
        assertThat(store.mailbox(alice, inbox.id()).orElseThrow().messages()).isEqualTo(3);
    }

    @Test
    void forEachChangedSinceShouldReturnOnlyNewerMessages() {
        long u1 = deliver("a");
        long mark = store.mailbox(alice, inbox.id()).orElseThrow().highestModseq();
        long u2 = deliver("b");
        List<Long> changed = new ArrayList<>();
        store.forEachChangedSince(inbox.id(), mark, r -> changed.add(r.uid()));
        assertThat(changed).containsExactly(u2);
        store.updateFlags(alice, inbox.id(), UidSet.of(u1), FlagChange.ADD, Flags.of(SystemFlag.SEEN), Optional.empty());
        changed.clear();
        store.forEachChangedSince(inbox.id(), mark, r -> changed.add(r.uid()));
        assertThat(changed).containsExactly(u1, u2);
    }

    /** The excepted modseqs' rows are left out, every range around them is read (in UID order, as without). */
    @Test
    void forEachChangedSinceShouldLeaveOutTheExceptedModseqsAndReadTheRangesAroundThem() {
        long mark = store.mailbox(alice, inbox.id()).orElseThrow().highestModseq();
        List<Long> u = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            u.add(deliver("changed " + i));
        }
        long own = store.updateFlags(alice, inbox.id(), UidSet.of(u.get(0), u.get(3)), FlagChange.ADD,
                Flags.of(SystemFlag.SEEN), Optional.empty()).updated().getFirst().modseq();
        long ownAgain = store.updateFlags(alice, inbox.id(), UidSet.of(u.get(1)), FlagChange.ADD,
                Flags.of(SystemFlag.FLAGGED), Optional.empty()).updated().getFirst().modseq();
        store.updateFlags(alice, inbox.id(), UidSet.of(u.get(4)), FlagChange.ADD, Flags.of(SystemFlag.ANSWERED),
                Optional.empty());
        List<Long> changed = new ArrayList<>();

        store.forEachChangedSince(alice, inbox.id(), mark, new java.util.TreeSet<>(List.of(own, ownAgain)),
                r -> changed.add(r.uid()));

        assertThat(changed).containsExactly(u.get(2), u.get(4));
        changed.clear();
        store.forEachChangedSince(alice, inbox.id(), mark, new java.util.TreeSet<>(List.of(mark - 5, own)),
                r -> changed.add(r.uid()));
        assertThat(changed).containsExactly(u.get(1), u.get(2), u.get(4));
    }

    @Test
    void metaPageBeforeShouldPageNewestFirstByUidKeyset() {
        List<Long> delivered = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            delivered.add(deliver("page " + i));
        }
        store.updateFlags(alice, inbox.id(), UidSet.of(delivered.get(2)), FlagChange.ADD, Flags.of(SystemFlag.DELETED),
                Optional.empty());
        store.expunge(alice, inbox.id(), Optional.empty());

        List<MessageMeta> first = store.metaPageBefore(inbox.id(), Long.MAX_VALUE, 2);
        assertThat(first).extracting(MessageMeta::uid).containsExactly(delivered.get(4), delivered.get(3));
        assertThat(first.getFirst().subject()).isEqualTo("page 4");
        List<MessageMeta> second = store.metaPageBefore(inbox.id(), first.getLast().uid(), 2);
        assertThat(second).extracting(MessageMeta::uid).containsExactly(delivered.get(1), delivered.get(0));
        assertThat(store.metaPageBefore(inbox.id(), delivered.get(0), 2)).isEmpty();
        assertThat(store.metaPageBefore(inbox.id(), Long.MAX_VALUE, 0)).isEmpty();
    }

    @Test
    void claimRecentShouldHandRecentMessagesToOneCallerOnly() {
        deliver("a");
        long u2 = deliver("b");
        long firstRecent = store.claimRecent(inbox.id());
        assertThat(firstRecent).isLessThanOrEqualTo(u2);
        assertThat(store.claimRecent(inbox.id())).isGreaterThan(u2);
    }

    /** A claim with nothing new to claim writes nothing (stop 17); the next delivery is recent for the next claimer. */
    @Test
    void claimRecentWithNothingNewShouldAnswerAsBeforeAndLeaveTheNextDeliveryRecent() {
        deliver("a");
        long first = store.claimRecent(inbox.id());
        long again = store.claimRecent(inbox.id());
        assertThat(store.claimRecent(inbox.id())).as("nothing new: the same answer").isEqualTo(again);
        assertThat(again).isGreaterThan(first);
        long u2 = deliver("b");
        assertThat(u2).isGreaterThanOrEqualTo(again);
        assertThat(store.claimRecent(inbox.id())).as("the new message is this claimer's").isLessThanOrEqualTo(u2);
        assertThat(store.claimRecent(inbox.id())).isGreaterThan(u2);
    }

    /** An APPEND by a session with the mailbox selected claims \Recent in its own transaction (issue 17). */
    @Test
    void appendClaimingRecentShouldClaimWhatWasUnclaimedOnlyInTheNamedMailbox() {
        long delivered = deliver("a");
        MailStore.Appended appended = store.append(alice, "INBOX", message("b", "appended"), Flags.NONE, Optional.empty(),
                Optional.of(inbox.id()));
        assertThat(appended.recentFrom()).as("the delivery before it is claimed too").isEqualTo(delivered);
        assertThat(store.unclaimedRecent(inbox.id())).isZero();
        assertThat(store.claimRecent(inbox.id())).as("nothing left for another session").isGreaterThan(appended.uid());

        MailboxInfo other = store.createMailbox(alice, "Other");
        MailStore.Appended elsewhere = store.append(alice, "Other", message("c", "elsewhere"), Flags.NONE, Optional.empty(),
                Optional.of(inbox.id()));
        assertThat(elsewhere.recentFrom()).as("not the selected mailbox: no claim").isZero();
        assertThat(store.unclaimedRecent(other.id())).isEqualTo(1);

        MailStore.AppendedAll two = store.appendAll(alice, "Other", List.of(
                new MailStore.NewMessage(message("d", "one"), Flags.NONE, Optional.empty()),
                new MailStore.NewMessage(message("e", "two"), Flags.NONE, Optional.empty())), Optional.of(other.id()));
        assertThat(two.recentFrom()).isEqualTo(elsewhere.uid());
        assertThat(store.unclaimedRecent(other.id())).isZero();
        assertThat(store.append(alice, "Other", message("f", "plain"), Flags.NONE, Optional.empty()).recentFrom()).isZero();
        assertThat(store.unclaimedRecent(other.id())).as("a plain APPEND claims nothing").isEqualTo(1);
    }

    @Test
    void unclaimedRecentShouldCountWithoutClaiming() {
        assertThat(store.unclaimedRecent(inbox.id())).isZero();
        deliver("a");
        deliver("b");
        assertThat(store.unclaimedRecent(inbox.id())).isEqualTo(2);
        assertThat(store.unclaimedRecent(inbox.id())).as("counting claims nothing").isEqualTo(2);
        store.claimRecent(inbox.id());
        assertThat(store.unclaimedRecent(inbox.id())).isZero();
        deliver("c");
        assertThat(store.unclaimedRecent(inbox.id())).isEqualTo(1);
    }

    @Test
    void moveShouldLeaveTombstonesWithTheModseqOfTheMove() {
        long u1 = deliver("moved");
        deliver("stays");
        long before = store.mailbox(alice, "INBOX").orElseThrow().highestModseq();
        store.move(alice, inbox.id(), UidSet.of(u1), "Archive");
        long after = store.mailbox(alice, "INBOX").orElseThrow().highestModseq();
        assertThat(after).isGreaterThan(before);
        assertThat(store.expungedSince(inbox.id(), before)).containsExactly(u1);
        assertThat(store.expungedSince(inbox.id(), after)).isEmpty();
    }

    @Test
    void acceptShouldDeliverLocallyAndQueueRemoteRecipientsTogether() throws Exception {
        AccountId bob = accounts.createAccount(uniqueAddress("bob"), "{noop}x", false).id();
        MessageSource raw = message("both", "to everybody");
        MailStore.Delivery delivery = store.accept(raw,
                new MailStore.Envelope("alice@example.test", List.of(alice, bob), List.of("carol@remote.test", "dave@remote.test")));

        assertThat(delivery.deliveries()).extracting(MailStore.Delivered::account).containsExactlyInAnyOrder(alice, bob);
        assertThat(delivery.queued()).hasSize(2);
        assertThat(store.mailbox(bob, "INBOX").orElseThrow().messages()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT recipient FROM outbound_queue WHERE id IN (?, ?) ORDER BY recipient")
                .params(delivery.queued().get(0), delivery.queued().get(1)).query(String.class).list())
                .containsExactly("carol@remote.test", "dave@remote.test");
        String hash = jdbc.sql("SELECT blob_hash FROM outbound_queue WHERE id = ?").param(delivery.queued().getFirst())
                .query(String.class).single();
        try (InputStream in = store.openMessage(hash)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).contains("to everybody");
        }
    }

    @Test
    void acceptIntoJunkShouldUseTheJunkMailboxAndRecreateItWhenDeleted() {
        AccountId bob = accounts.createAccount(uniqueAddress("bob"), "{noop}x", false).id();
        store.mailbox(bob, SpecialUse.JUNK).ifPresent(junk -> store.deleteMailbox(bob, junk.name()));
        assertThat(store.mailbox(bob, SpecialUse.JUNK)).isEmpty();

        MailStore.Delivery delivery = store.accept(message("spam", "cheap pills"),
                new MailStore.Envelope("x@remote.test", List.of(alice, bob), List.of(), MailStore.Folder.JUNK));

        for (AccountId account : List.of(alice, bob)) {
            MailboxInfo junk = store.mailbox(account, SpecialUse.JUNK).orElseThrow();
            assertThat(junk.messages()).isEqualTo(1);
            assertThat(delivery.deliveries()).anySatisfy(d -> assertThat(d.mailbox()).isEqualTo(junk.id()));
            assertThat(store.mailbox(account, "INBOX").orElseThrow().messages()).isZero();
        }
        assertThat(store.mailbox(bob, SpecialUse.JUNK).orElseThrow().name()).isEqualTo("Junk");
    }

    @Test
    void acceptShouldWriteNothingWhenOneRecipientIsUnknown() {
        long queueBefore = count("SELECT COUNT(*) FROM outbound_queue WHERE recipient = ?", "x@remote.test");
        int eventsBefore = recorder.of(inbox.id()).size();
        AccountId ghost = new AccountId(Long.MAX_VALUE);
        assertThatThrownBy(() -> store.accept(message("fail", "never"),
                new MailStore.Envelope("", List.of(alice, ghost), List.of("x@remote.test"))))
                .isInstanceOf(StoreException.AccountNotFound.class);

        assertThat(store.mailbox(alice, inbox.id()).orElseThrow().messages()).isZero();
        assertThat(uids(inbox.id())).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM message WHERE account_id = ?", alice.value())).isZero();
        assertThat(count("SELECT COUNT(*) FROM outbound_queue WHERE recipient = ?", "x@remote.test")).isEqualTo(queueBefore);
        assertThat(recorder.of(inbox.id())).hasSize(eventsBefore);
    }

    @Test
    void eventsShouldArriveOnlyAfterCommitWithTheChangeVisible() {
        long uid = deliver("evented");
        assertThat(recorder.of(inbox.id())).anySatisfy(e -> assertThat(e)
                .isEqualTo(new MailboxEvent.MessagesAdded(alice, inbox.id(), List.of(uid),
                        store.mailbox(alice, inbox.id()).orElseThrow().highestModseq())));
        assertThat(recorder.visibilityFailures).isEmpty();
        assertThat(recorder.transactionalEvents).as("@TransactionalEventListener consumers get them too")
                .anySatisfy(e -> assertThat(e).isInstanceOf(MailboxEvent.MessagesAdded.class)
                        .extracting(MailboxEvent::mailbox).isEqualTo(inbox.id()));
        store.updateFlags(alice, inbox.id(), UidSet.of(uid), FlagChange.ADD, Flags.of(SystemFlag.DELETED), Optional.empty());
        store.expunge(alice, inbox.id(), Optional.empty());
        assertThat(recorder.of(inbox.id())).last().isInstanceOf(MailboxEvent.MessagesExpunged.class);
    }

    @Test
    void openMessageShouldRefuseBlobsNoCommittedRowReferences() throws Exception {
        assertThatThrownBy(() -> store.openMessage("0".repeat(64))).isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThatThrownBy(() -> store.openMessage("../../etc/passwd")).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void replyShouldShareTheThreadKeyOfItsOriginal() {
        store.deliver(message("<orig-1@example.test>", "Plans", "first", ""), List.of(alice));
        store.deliver(message("<reply-1@example.test>", "Re: Plans", "second",
                "In-Reply-To: <orig-1@example.test>\r\nReferences: <orig-1@example.test>\r\n"), List.of(alice));
        store.deliver(message("<other-1@example.test>", "Unrelated", "third", ""), List.of(alice));
        List<MessageMeta> metas = new ArrayList<>();
        store.forEachMeta(inbox.id(), UidSet.ALL, metas::add);

        assertThat(metas).hasSize(3);
        assertThat(metas.get(0).threadKey()).isEqualTo(metas.get(1).threadKey()).isNotEqualTo(metas.get(2).threadKey());
    }

    @Test
    void searchTextShouldMatchCaseInsensitiveSubstrings() {
        long hit = store.deliver(message("Quarterly numbers", "The Zebra crossing is closed"), List.of(alice))
                .deliveries().getFirst().uid();
        deliver("nothing here");
        assertThat(store.searchText(inbox.id(), MailStore.SearchField.TEXT, "zEBRA cross")).containsExactly(hit);
        assertThat(store.searchText(inbox.id(), MailStore.SearchField.BODY, "zebra")).containsExactly(hit);
        assertThat(store.searchText(inbox.id(), MailStore.SearchField.HEADERS, "quarterly")).containsExactly(hit);
        assertThat(store.searchText(inbox.id(), MailStore.SearchField.TEXT, "100%")).isEmpty();
    }

    @Test
    void flagChangeFromInsideAStreamedReadShouldCommitWhenItReturns() {
        long uid = deliver("inside");
        List<Long> seenByOtherThread = new ArrayList<>();
        store.forEachMessage(inbox.id(), ref -> {
            store.updateFlags(alice, inbox.id(), UidSet.of(ref.uid()), FlagChange.ADD, Flags.of(SystemFlag.SEEN), Optional.empty());
            Thread reader = Thread.ofVirtual().start(() -> store.forEachMessage(inbox.id(), r -> {
                if (r.flags().has(SystemFlag.SEEN)) {
                    seenByOtherThread.add(r.uid());
                }
            }));
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(seenByOtherThread).containsExactly(uid);
        assertThat(store.mailbox(alice, inbox.id()).orElseThrow().unseen()).isZero();
    }

    /** Delivers messages with the subjects m0, m1, ... into alice's INBOX; their UIDs in that order. */
    List<Long> deliverNumbered(int count) {
        List<Long> uids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            uids.add(deliver("m" + i));
        }
        return uids;
    }

    long deliver(String subject) {
        return store.deliver(message(subject, "body of " + subject), List.of(alice)).deliveries().getFirst().uid();
    }

    List<Long> uids(MailboxId mailbox) {
        return refs(mailbox).stream().map(MessageRef::uid).toList();
    }

    List<MessageRef> refs(MailboxId mailbox) {
        List<MessageRef> out = new ArrayList<>();
        store.forEachMessage(mailbox, out::add);
        return out;
    }

    long exactSize(MailboxId mailbox) {
        return count("SELECT COALESCE(SUM(m.size_bytes), 0) FROM mailbox_message mm JOIN message m ON m.id = mm.message_id"
                + " WHERE mm.mailbox_id = ?", mailbox.value());
    }

    long count(String sql, Object param) {
        return jdbc.sql(sql).param(param).query(Long.class).single();
    }
}
