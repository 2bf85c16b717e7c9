package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.message;
import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.mailwright.store.MailStore.AclEntry;
import dev.mailwright.store.MailStore.RightsChange;
import dev.mailwright.store.MailStore.RightsChange.Mode;

/**
 * RFC 4314 rights enforced by the store, for every door: an owner shares a mailbox, another account reaches it through
 * the shared namespace and can do exactly what its rights allow. Runs on H2 and (when configured) PostgreSQL.
 */
@SpringBootTest
@Timeout(120)
abstract class MailboxAclContract {
    @Autowired
    AccountStore accounts;
    @Autowired
    MailStore store;

    AccountId owner;
    AccountId guest;
    String ownerAddress;
    String guestAddress;
    String team;

    @BeforeEach
    void accounts() {
        ownerAddress = uniqueAddress("owner");
        guestAddress = uniqueAddress("guest");
        owner = accounts.createAccount(ownerAddress, "h", false).id();
        guest = accounts.createAccount(guestAddress, "h", false).id();
        store.createMailbox(owner, "Team");
        team = SharedNamespace.visibleName(ownerAddress.toLowerCase(java.util.Locale.ROOT), "Team");
    }

    private void grant(String rights) {
        store.changeRights(owner, "Team", guestAddress, new RightsChange(Mode.REPLACE, Rights.parse(rights)));
    }

    /** What the guest sees shared by this test's owner (other tests share the database and may grant {@code anyone}). */
    private List<MailboxInfo> sharedByOwner() {
        return store.sharedMailboxes(guest).stream().filter(m -> m.owner().equals(owner)).toList();
    }

    private MailboxId teamId() {
        return store.mailbox(owner, "Team").orElseThrow().id();
    }

    @Test
    void aMailboxWithoutAnEntryShouldStayInvisibleToOthers() {
        assertThat(sharedByOwner()).isEmpty();
        assertThat(store.mailbox(guest, team)).isEmpty();
        assertThat(store.myRights(guest, team)).isEmpty();
        assertThatThrownBy(() -> store.append(guest, team, message("s", "b"), Flags.NONE, Optional.empty()))
                .isInstanceOf(StoreException.MailboxNotFound.class);
    }

    @Test
    void lookupShouldListTheMailboxUnderTheSharedNamespaceButNotOpenIt() {
        grant("l");
        assertThat(sharedByOwner()).extracting(MailboxInfo::name).containsExactly(team);
        assertThat(store.mailbox(guest, team)).isEmpty();   // SELECT and STATUS need r
        assertThat(store.myRights(guest, team)).contains(Rights.parse("l"));
    }

    @Test
    void readShouldOpenTheMailboxByItsSharedNameAndId() {
        grant("lr");
        store.deliver(message("hello", "body"), List.of(owner));
        store.copy(owner, store.mailbox(owner, "INBOX").orElseThrow().id(), UidSet.ALL, "Team");
        MailboxInfo seen = store.mailbox(guest, team).orElseThrow();
        assertThat(seen.name()).isEqualTo(team);
        assertThat(seen.messages()).isEqualTo(1);
        assertThat(store.mailbox(guest, seen.id())).map(MailboxInfo::name).contains(team);
    }

    @Test
    void insertShouldAllowAppendChargedToTheOwnerWithOnlyPermittedFlags() {
        grant("lri");
        MailStore.Appended appended = store.append(guest, team, message("a", "b"), Flags.of(SystemFlag.SEEN, SystemFlag.FLAGGED),
                Optional.empty());
        assertThat(appended.mailbox()).isEqualTo(teamId());
        assertThat(accounts.quotaUsage(owner).messages()).isEqualTo(1);
        assertThat(accounts.quotaUsage(guest).messages()).isZero();
        List<MessageRef> refs = new java.util.ArrayList<>();
        store.forEachMessage(teamId(), refs::add);
        assertThat(refs).singleElement().extracting(MessageRef::flags).isEqualTo(Flags.NONE);   // neither s nor w
    }

    @Test
    void appendShouldBeRefusedWithoutInsertEvenWithPost() {
        grant("lrp");
        assertThatThrownBy(() -> store.append(guest, team, message("a", "b"), Flags.NONE, Optional.empty()))
                .isInstanceOf(StoreException.PermissionDenied.class)
                .extracting(e -> ((StoreException.PermissionDenied) e).missing()).isEqualTo(Right.INSERT);
    }

    /** The guest's Sieve script files a delivery into the shared mailbox: {@code fileinto "Shared/<owner>/Team"}. */
    private MailStore.Delivery deliverToGuestFiledInto(String mailbox) {
        MailStore.Envelope envelope = new MailStore.Envelope("sender@example.test", List.of(guest), List.of())
                .withRouting(java.util.Map.of(guest, List.of(new MailStore.Placement(Optional.of(mailbox),
                        Flags.of(SystemFlag.FLAGGED, SystemFlag.SEEN), false))), List.of());
        return store.accept(message("posted", "by mail"), envelope);
    }

    @Test
    void deliveryShouldPostIntoASharedMailboxOnlyWithPostOrInsert() {
        for (String rights : List.of("lr", "lrswte", "l")) {
            grant(rights);
            MailStore.Delivery refused = deliverToGuestFiledInto(team);
            assertThat(refused.deliveries()).singleElement().satisfies(d -> {
                assertThat(d.account()).isEqualTo(guest);   // a failed fileinto keeps the message: the guest's INBOX
                assertThat(d.mailbox()).isEqualTo(store.mailbox(guest, "INBOX").orElseThrow().id());
            });
        }
        assertThat(store.mailbox(owner, "Team").orElseThrow().messages()).isZero();

        grant("lp");
        MailStore.Delivery posted = deliverToGuestFiledInto(team);
        assertThat(posted.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.account()).isEqualTo(owner);   // the copy is the owner's, charged to the owner
            assertThat(d.mailbox()).isEqualTo(teamId());
        });
        List<MessageRef> refs = new java.util.ArrayList<>();
        store.forEachMessage(teamId(), refs::add);
        assertThat(refs).singleElement().extracting(MessageRef::flags).isEqualTo(Flags.NONE);   // p gives no flag rights
        assertThat(accounts.quotaUsage(owner).messages()).isEqualTo(1);

        grant("lriw");
        deliverToGuestFiledInto(team);
        refs.clear();
        store.forEachMessage(teamId(), refs::add);
        assertThat(refs).hasSize(2).last().extracting(MessageRef::flags).isEqualTo(Flags.of(SystemFlag.FLAGGED));
    }

    @Test
    void aSeenFiledByTheGuestsScriptShouldBeTheGuestsOwnNotTheOwners() {
        grant("lrsp");
        MailStore.Delivery posted = deliverToGuestFiledInto(team);
        assertThat(posted.deliveries()).singleElement().extracting(MailStore.Delivered::mailbox).isEqualTo(teamId());
        List<MessageRef> ownerView = new java.util.ArrayList<>();
        store.forEachMessage(owner, teamId(), ownerView::add);
        assertThat(ownerView).singleElement().extracting(MessageRef::flags).as("the owner has not read it")
                .isEqualTo(Flags.NONE);
        List<MessageRef> guestView = new java.util.ArrayList<>();
        store.forEachMessage(guest, teamId(), guestView::add);
        assertThat(guestView).singleElement().extracting(MessageRef::flags).as("\\Seen for the guest; no w: no \\Flagged")
                .isEqualTo(Flags.of(SystemFlag.SEEN));
        assertThat(store.mailbox(owner, "Team").orElseThrow().unseen()).as("the owner's unseen count").isEqualTo(1);
    }

    @Test
    void flagRightsShouldEachGovernTheirOwnFlags() {
        store.append(owner, "Team", message("a", "b"), Flags.NONE, Optional.empty());
        grant("lrs");
        MailStore.FlagUpdate update = store.updateFlags(guest, teamId(), UidSet.ALL, MailStore.FlagChange.ADD,
                Flags.of(SystemFlag.SEEN, SystemFlag.FLAGGED, SystemFlag.DELETED), Optional.empty());
        assertThat(update.updated().getFirst().flags()).isEqualTo(Flags.of(SystemFlag.SEEN));
        grant("lrw");
        update = store.updateFlags(guest, teamId(), UidSet.ALL, MailStore.FlagChange.REPLACE,
                new Flags(java.util.EnumSet.of(SystemFlag.FLAGGED), java.util.Set.of("$Work")), Optional.empty());
        // REPLACE keeps \Seen, which w does not cover
        assertThat(update.updated().getFirst().flags())
                .isEqualTo(new Flags(java.util.EnumSet.of(SystemFlag.SEEN, SystemFlag.FLAGGED), java.util.Set.of("$Work")));
        grant("lrt");
        update = store.updateFlags(guest, teamId(), UidSet.ALL, MailStore.FlagChange.ADD, Flags.of(SystemFlag.DELETED), Optional.empty());
        assertThat(update.updated().getFirst().flags().has(SystemFlag.DELETED)).isTrue();
        grant("lr");
        assertThatThrownBy(() -> store.updateFlags(guest, teamId(), UidSet.ALL, MailStore.FlagChange.ADD,
                Flags.of(SystemFlag.SEEN), Optional.empty())).isInstanceOf(StoreException.PermissionDenied.class);
    }

    @Test
    void expungeShouldNeedTheExpungeRight() {
        store.append(owner, "Team", message("a", "b"), Flags.of(SystemFlag.DELETED), Optional.empty());
        grant("lrt");
        assertThatThrownBy(() -> store.expunge(guest, teamId(), Optional.empty()))
                .isInstanceOf(StoreException.PermissionDenied.class);
        grant("lrte");
        assertThat(store.expunge(guest, teamId(), Optional.empty())).containsExactly(1L);
    }

    /** An EXPUNGE with nothing marked \\Deleted takes no write transaction, but its right is checked all the same. */
    @Test
    void expungeWithNothingDeletedShouldStillNeedTheExpungeRight() {
        store.append(owner, "Team", message("kept", "b"), Flags.NONE, Optional.empty());
        grant("lrt");
        assertThatThrownBy(() -> store.expunge(guest, teamId(), Optional.empty()))
                .isInstanceOf(StoreException.PermissionDenied.class);
        grant("lrte");
        assertThat(store.expunge(guest, teamId(), Optional.empty())).isEmpty();
        assertThat(store.expunge(guest, teamId(), Optional.of(UidSet.ALL))).isEmpty();
    }

    @Test
    void copyOutOfASharedMailboxShouldGiveTheCopyToTheCallersOwnAccount() {
        store.append(owner, "Team", message("copied", "b"), Flags.NONE, Optional.empty());
        grant("lr");
        MailStore.Copied copied = store.copy(guest, teamId(), UidSet.ALL, "Archive");
        assertThat(copied.targetUids()).hasSize(1);
        assertThat(accounts.quotaUsage(guest).messages()).isEqualTo(1);
        // the owner deleting the shared mailbox leaves the guest's copy intact
        store.deleteMailbox(owner, "Team");
        MailboxInfo archive = store.mailbox(guest, "Archive").orElseThrow();
        List<MessageMeta> metas = new java.util.ArrayList<>();
        store.forEachMeta(archive.id(), UidSet.ALL, metas::add);
        assertThat(metas).singleElement().extracting(MessageMeta::subject).isEqualTo("copied");
    }

    @Test
    void copyIntoASharedMailboxShouldNeedInsertAndMoveOutShouldNeedDeleteAndExpunge() {
        store.deliver(message("mine", "b"), List.of(guest));
        MailboxId inbox = store.mailbox(guest, "INBOX").orElseThrow().id();
        grant("lr");
        assertThatThrownBy(() -> store.copy(guest, inbox, UidSet.ALL, team)).isInstanceOf(StoreException.PermissionDenied.class);
        grant("lri");
        assertThat(store.copy(guest, inbox, UidSet.ALL, team).targetUids()).containsExactly(1L);
        assertThat(accounts.quotaUsage(owner).messages()).isEqualTo(1);
        assertThatThrownBy(() -> store.move(guest, teamId(), UidSet.ALL, "INBOX")).isInstanceOf(StoreException.PermissionDenied.class);
        grant("lrite");
        store.move(guest, teamId(), UidSet.ALL, "INBOX");
        assertThat(store.mailbox(owner, "Team").orElseThrow().messages()).isZero();
    }

    @Test
    void createShouldNeedCreateOnTheParentAndInheritItsAcl() {
        grant("lr");
        assertThatThrownBy(() -> store.createMailbox(guest, team + "/Sub")).isInstanceOf(StoreException.PermissionDenied.class);
        grant("lrk");
        MailboxInfo sub = store.createMailbox(guest, team + "/Sub");
        assertThat(sub.name()).isEqualTo(team + "/Sub");
        assertThat(sub.owner()).isEqualTo(owner);
        assertThat(store.mailbox(owner, "Team/Sub")).isPresent();
        assertThat(store.myRights(guest, team + "/Sub")).contains(Rights.parse("lrk"));
    }

    @Test
    void deleteShouldNeedDeleteMailbox() {
        grant("lr");
        assertThatThrownBy(() -> store.deleteMailbox(guest, team)).isInstanceOf(StoreException.PermissionDenied.class);
        grant("lrx");
        store.deleteMailbox(guest, team);
        assertThat(store.mailbox(owner, "Team")).isEmpty();
    }

    @Test
    void administerShouldGovernTheAclItself() {
        grant("lr");
        assertThatThrownBy(() -> store.acl(guest, team)).isInstanceOf(StoreException.PermissionDenied.class);
        grant("lra");
        store.changeRights(guest, team, "anyone", new RightsChange(Mode.REPLACE, Rights.parse("l")));
        List<AclEntry> acl = store.acl(guest, team);
        assertThat(acl.getFirst()).isEqualTo(new AclEntry(ownerAddress.toLowerCase(java.util.Locale.ROOT), Rights.ALL));
        assertThat(acl).contains(new AclEntry("anyone", Rights.parse("l")), new AclEntry(guestAddress.toLowerCase(java.util.Locale.ROOT), Rights.parse("lra")));
        assertThatThrownBy(() -> store.changeRights(guest, team, ownerAddress, new RightsChange(Mode.REMOVE, Rights.parse("a"))))
                .isInstanceOf(StoreException.MailboxNotAllowed.class);
        store.deleteRights(guest, team, "anyone");
        assertThat(store.acl(owner, "Team")).extracting(AclEntry::identifier).doesNotContain("anyone");
    }

    @Test
    void addAndRemoveModifiersShouldChangeOnlyTheNamedRights() {
        grant("lr");
        store.changeRights(owner, "Team", guestAddress, new RightsChange(Mode.ADD, Rights.parse("c")));
        assertThat(store.myRights(guest, team)).contains(Rights.parse("lrk"));
        store.changeRights(owner, "Team", guestAddress, new RightsChange(Mode.REMOVE, Rights.parse("r")));
        assertThat(store.myRights(guest, team)).contains(Rights.parse("lk"));
        store.changeRights(owner, "Team", guestAddress, new RightsChange(Mode.REMOVE, Rights.parse("lk")));
        assertThat(store.myRights(guest, team)).isEmpty();
    }

    @Test
    void anyoneShouldGiveRightsToEveryAccount() {
        store.changeRights(owner, "Team", "anyone", new RightsChange(Mode.REPLACE, Rights.parse("lr")));
        assertThat(store.myRights(guest, team)).contains(Rights.parse("lr"));
        assertThat(store.sharedMailboxes(guest)).extracting(MailboxInfo::name).contains(team);
    }

    @Test
    void ownMailboxesShouldNotBeCreatedInsideTheSharedNamespace() {
        assertThatThrownBy(() -> store.createMailbox(guest, "Shared")).isInstanceOf(StoreException.MailboxNotAllowed.class);
        assertThatThrownBy(() -> store.createMailbox(guest, "Shared/x")).isInstanceOf(StoreException.MailboxNotAllowed.class);
    }
}
