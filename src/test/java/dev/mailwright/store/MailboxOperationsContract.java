package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** COPY, MOVE, keyword STORE, and the mailbox hierarchy operations, on H2 and (when configured) PostgreSQL. */
@SpringBootTest
@Import(EventRecorder.class)
abstract class MailboxOperationsContract {
    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventRecorder recorder;

    AccountId alice;
    MailboxId inbox;

    @BeforeEach
    void createAccount() {
        alice = accounts.createAccount(uniqueAddress("alice"), "h", false).id();
        inbox = store.mailbox(alice, "INBOX").orElseThrow().id();
    }

    @Test
    void copyShouldKeepFlagsAndDatesShareTheMessageAndPairUids() {
        Instant date = Instant.parse("2023-05-06T07:08:09Z");
        long u1 = store.append(alice, "INBOX", message("a", "x"), new Flags(Set.of(SystemFlag.FLAGGED), Set.of("$Label1")), Optional.of(date)).uid();
        long u2 = store.append(alice, "INBOX", message("b", "y"), Flags.of(SystemFlag.SEEN), Optional.empty()).uid();
        MailboxInfo archive = store.mailbox(alice, SpecialUse.ARCHIVE).orElseThrow();

        MailStore.Copied copied = store.copy(alice, inbox, UidSet.ALL, "Archive");

        assertThat(copied.target()).isEqualTo(archive.id());
        assertThat(copied.targetUidValidity()).isEqualTo(archive.uidValidity());
        assertThat(copied.sourceUids()).containsExactly(u1, u2);
        assertThat(copied.targetUids()).containsExactly(1L, 2L);
        List<MessageMeta> metas = metas(archive.id());
        assertThat(metas.getFirst().internalDate()).isEqualTo(date);
        assertThat(metas.getFirst().flags().has(SystemFlag.FLAGGED)).isTrue();
        assertThat(metas.getFirst().flags().hasKeyword("$label1")).isTrue();
        assertThat(metas.get(1).flags().has(SystemFlag.SEEN)).isTrue();
        MailboxInfo after = store.mailbox(alice, archive.id()).orElseThrow();
        assertThat(after.messages()).isEqualTo(2);
        assertThat(after.unseen()).isEqualTo(1);
        assertThat(after.sizeBytes()).isEqualTo(store.mailbox(alice, inbox).orElseThrow().sizeBytes());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM message WHERE account_id = ?").param(alice.value()).query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void copyShouldRefuseMissingTargetAndForeignSource() {
        deliver("a");
        AccountId mallory = accounts.createAccount(uniqueAddress("mallory"), "h", false).id();
        assertThatThrownBy(() -> store.copy(alice, inbox, UidSet.ALL, "Missing")).isInstanceOf(StoreException.MailboxNotFound.class);
        assertThatThrownBy(() -> store.copy(mallory, inbox, UidSet.ALL, "INBOX")).isInstanceOf(StoreException.MailboxNotFound.class);
        assertThat(store.copy(alice, inbox, UidSet.of(999), "Trash").sourceUids()).isEmpty();
    }

    @Test
    void moveShouldExpungeSourcesWithTombstonesAndEvents() {
        long u1 = deliver("a");
        long u2 = deliver("b");
        long before = store.mailbox(alice, inbox).orElseThrow().highestModseq();
        MailStore.Copied moved = store.move(alice, inbox, UidSet.of(u1), "Trash");

        assertThat(moved.sourceUids()).containsExactly(u1);
        assertThat(uids(inbox)).containsExactly(u2);
        assertThat(uids(moved.target())).containsExactly(moved.targetUids().getFirst());
        assertThat(store.expungedSince(inbox, before)).containsExactly(u1);
        MailboxInfo source = store.mailbox(alice, inbox).orElseThrow();
        assertThat(source.messages()).isEqualTo(1);
        assertThat(source.unseen()).isEqualTo(1);
        assertThat(recorder.of(inbox)).last().isEqualTo(
                new MailboxEvent.MessagesExpunged(alice, inbox, List.of(u1), source.highestModseq()));
        assertThat(recorder.of(moved.target())).last().isInstanceOf(MailboxEvent.MessagesAdded.class);
    }

    @Test
    void keywordStoreShouldEditOnlyNamedKeywordsCaseInsensitively() {
        long u1 = deliver("a");
        long u2 = deliver("b");
        store.updateFlags(alice, inbox, UidSet.of(u1), FlagChange.REPLACE, new Flags(Set.of(SystemFlag.SEEN), Set.of("Work", "Home")), Optional.empty());
        store.updateFlags(alice, inbox, UidSet.ALL, FlagChange.ADD, new Flags(Set.of(), Set.of("$Todo")), Optional.empty());
        MailStore.FlagUpdate removal = store.updateFlags(alice, inbox, UidSet.ALL, FlagChange.REMOVE,
                new Flags(Set.of(), Set.of("WORK")), Optional.empty());

        assertThat(removal.updated()).hasSize(2);
        List<MessageRef> refs = refs(inbox);
        assertThat(refs.getFirst().flags().keywords()).containsExactlyInAnyOrder("Home", "$Todo");
        assertThat(refs.getFirst().flags().has(SystemFlag.SEEN)).isTrue();
        assertThat(refs.get(1).flags().keywords()).containsExactly("$Todo");
        assertThat(refs.get(1).modseq()).isLessThan(refs.getFirst().modseq());
        assertThat(store.mailbox(alice, inbox).orElseThrow().unseen()).isEqualTo(1);
        assertThat(u2).isGreaterThan(u1);
    }

    @Test
    void storeOverManyRangesShouldChangeEveryNamedMessageOnceAndKeepUnseenExact() {
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            all.add(deliver("m" + i));
        }
        List<Long> odd = all.stream().filter(u -> u % 2 == 1).toList();
        MailStore.FlagUpdate update = store.updateFlags(alice, inbox, UidSet.of(odd), FlagChange.ADD,
                new Flags(Set.of(SystemFlag.SEEN, SystemFlag.ANSWERED), Set.of()), Optional.empty());

        long modseq = store.mailbox(alice, inbox).orElseThrow().highestModseq();
        assertThat(update.updated()).extracting(MessageRef::uid).containsExactlyElementsOf(odd);
        assertThat(update.updated()).allMatch(r -> r.modseq() == modseq && r.flags().has(SystemFlag.ANSWERED));
        assertThat(store.mailbox(alice, inbox).orElseThrow().unseen()).isEqualTo(all.size() - odd.size());
        assertThat(recorder.of(inbox)).last().isEqualTo(new MailboxEvent.FlagsChanged(alice, inbox, odd, modseq));

        store.updateFlags(alice, inbox, UidSet.ALL, FlagChange.REPLACE, Flags.NONE, Optional.empty());
        assertThat(store.mailbox(alice, inbox).orElseThrow().unseen()).isEqualTo(all.size());
        assertThat(refs(inbox)).allMatch(r -> r.flags().equals(Flags.NONE));
    }

    @Test
    void createShouldNormaliseNamesCreateParentsAndRefuseDuplicatesAndBadNames() {
        MailboxInfo leaf = store.createMailbox(alice, "Projects/2026/Q4");
        assertThat(leaf.name()).isEqualTo("Projects/2026/Q4");
        assertThat(store.mailbox(alice, "Projects")).isPresent();
        assertThat(store.mailbox(alice, "Projects/2026")).isPresent();
        assertThat(store.createMailbox(alice, "inbox/Sub").name()).isEqualTo("INBOX/Sub");
        assertThat(store.mailbox(alice, "iNbOx").orElseThrow().id()).isEqualTo(inbox);

        assertThatThrownBy(() -> store.createMailbox(alice, "projects/2026/Q4".replace("projects", "Projects")))
                .isInstanceOf(StoreException.MailboxExists.class);
        assertThatThrownBy(() -> store.createMailbox(alice, "Inbox")).isInstanceOf(StoreException.MailboxExists.class);
        for (String bad : List.of("", "/x", "x/", "a//b", "a*", "a%b", "tab\there")) {
            assertThatThrownBy(() -> store.createMailbox(alice, bad)).as(bad).isInstanceOf(StoreException.MailboxNotAllowed.class);
        }
    }

    @Test
    void renameShouldCarryChildrenMessagesAndSubscriptions() {
        MailboxInfo parent = store.createMailbox(alice, "Work");
        store.createMailbox(alice, "Work/Clients");
        store.subscribe(alice, "Work/Clients");
        store.append(alice, "Work/Clients", message("c", "client"), Flags.NONE, Optional.empty());

        store.renameMailbox(alice, "Work", "Archive/Work 2025");

        assertThat(store.mailbox(alice, "Work")).isEmpty();
        assertThat(store.mailbox(alice, "Work/Clients")).isEmpty();
        MailboxInfo moved = store.mailbox(alice, "Archive/Work 2025").orElseThrow();
        assertThat(moved.id()).isEqualTo(parent.id());
        assertThat(moved.uidValidity()).isEqualTo(parent.uidValidity());
        MailboxInfo child = store.mailbox(alice, "Archive/Work 2025/Clients").orElseThrow();
        assertThat(child.messages()).isEqualTo(1);
        assertThat(child.subscribed()).isTrue();
        assertThat(store.subscriptions(alice)).doesNotContain("Work/Clients");
        assertThat(recorder.of(parent.id())).last()
                .isEqualTo(new MailboxEvent.MailboxChanged(alice, parent.id(), "Work", Optional.of("Archive/Work 2025")));

        assertThatThrownBy(() -> store.renameMailbox(alice, "Archive", "Archive/Inner"))
                .isInstanceOf(StoreException.MailboxNotAllowed.class);
        assertThatThrownBy(() -> store.renameMailbox(alice, "Trash", "Junk")).isInstanceOf(StoreException.MailboxExists.class);
        assertThatThrownBy(() -> store.renameMailbox(alice, "Nope", "Other")).isInstanceOf(StoreException.MailboxNotFound.class);
    }

    @Test
    void renameInboxShouldMoveItsMessagesAndLeaveInboxEmpty() {
        long u1 = deliver("a");
        deliver("b");
        store.createMailbox(alice, "INBOX/Child");
        MailboxInfo before = store.mailbox(alice, inbox).orElseThrow();

        store.renameMailbox(alice, "inbox", "Old Inbox");

        MailboxInfo emptied = store.mailbox(alice, "INBOX").orElseThrow();
        assertThat(emptied.id()).isEqualTo(inbox);
        assertThat(emptied.messages()).isZero();
        assertThat(emptied.unseen()).isZero();
        assertThat(emptied.sizeBytes()).isZero();
        assertThat(emptied.uidValidity()).isEqualTo(before.uidValidity());
        assertThat(emptied.uidNext()).isEqualTo(before.uidNext());
        assertThat(store.mailbox(alice, "INBOX/Child")).isPresent();
        MailboxInfo old = store.mailbox(alice, "Old Inbox").orElseThrow();
        assertThat(old.messages()).isEqualTo(2);
        assertThat(old.sizeBytes()).isEqualTo(before.sizeBytes());
        assertThat(store.expungedSince(inbox, before.highestModseq())).contains(u1);
        // a new delivery still lands in INBOX
        assertThat(store.deliver(message("c", "z"), List.of(alice)).deliveries().getFirst().mailbox()).isEqualTo(inbox);
    }

    @Test
    void deleteShouldRemoveMessagesAndRefuseInboxButKeepChildren() {
        store.createMailbox(alice, "Tmp/Inner");
        store.append(alice, "Tmp/Inner", message("t", "tmp"), Flags.NONE, Optional.empty());
        store.subscribe(alice, "Tmp/Inner");
        long uidValidity = store.mailbox(alice, "Tmp/Inner").orElseThrow().uidValidity();

        assertThatThrownBy(() -> store.deleteMailbox(alice, "INBOX")).isInstanceOf(StoreException.MailboxNotAllowed.class);
        assertThatThrownBy(() -> store.deleteMailbox(alice, "Gone")).isInstanceOf(StoreException.MailboxNotFound.class);

        store.deleteMailbox(alice, "Tmp");   // RFC 3501 §6.3.4: a parent can be deleted, its children stay
        assertThat(store.mailbox(alice, "Tmp")).isEmpty();
        assertThat(store.mailbox(alice, "Tmp/Inner").orElseThrow().messages()).isEqualTo(1);
        assertThatThrownBy(() -> store.deleteMailbox(alice, "Tmp")).isInstanceOf(StoreException.MailboxNotFound.class);

        store.deleteMailbox(alice, "Tmp/Inner");
        assertThat(store.mailbox(alice, "Tmp/Inner")).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM message WHERE account_id = ?").param(alice.value()).query(Long.class).single())
                .isZero();
        assertThat(store.subscriptions(alice)).contains("Tmp/Inner");   // RFC 3501 §6.3.4: DELETE does not unsubscribe

        MailboxInfo recreated = store.createMailbox(alice, "Tmp/Inner");
        assertThat(recreated.uidValidity()).isGreaterThan(uidValidity);
        assertThat(recreated.messages()).isZero();
    }

    @Test
    void subscribeShouldBeIdempotentAndAllowNonexistentNames() {
        store.subscribe(alice, "Future");
        store.subscribe(alice, "Future");
        assertThat(store.subscriptions(alice)).containsOnlyOnce("Future");
        store.unsubscribe(alice, "Future");
        store.unsubscribe(alice, "Future");
        assertThat(store.subscriptions(alice)).doesNotContain("Future");
        store.unsubscribe(alice, "Trash");
        assertThat(store.mailbox(alice, "Trash").orElseThrow().subscribed()).isFalse();
    }

    long deliver(String subject) {
        return store.deliver(message(subject, "body " + subject), List.of(alice)).deliveries().getFirst().uid();
    }

    List<MessageRef> refs(MailboxId mailbox) {
        List<MessageRef> out = new ArrayList<>();
        store.forEachMessage(mailbox, out::add);
        return out;
    }

    List<Long> uids(MailboxId mailbox) {
        return refs(mailbox).stream().map(MessageRef::uid).toList();
    }

    List<MessageMeta> metas(MailboxId mailbox) {
        List<MessageMeta> out = new ArrayList<>();
        store.forEachMeta(mailbox, UidSet.ALL, out::add);
        return out;
    }
}
