package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.mailwright.contacts.AddressBook;
import dev.mailwright.contacts.VCards;
import dev.mailwright.store.Contacts.Contact;
import dev.mailwright.store.Contacts.Saved;

/** Contacts, groups, collected addresses, vCard import/export and the sync counter, on H2 and PostgreSQL. */
@SpringBootTest(properties = {"mailwright.contacts.max-collected=3", "mailwright.contacts.max-import-cards=4",
        "mailwright.contacts.max-contacts=6", "mailwright.contacts.max-values-per-field=3",
        "mailwright.contacts.max-suggestions=2"})
abstract class AddressBookContract {
    @Autowired
    AccountStore accounts;
    @Autowired
    AddressBook book;
    @Autowired
    Identities identities;

    AccountId owner;
    AccountId other;

    @BeforeEach
    void accounts() {
        owner = accounts.createAccount(uniqueAddress("book"), "hash", false).id();
        other = accounts.createAccount(uniqueAddress("other"), "hash", false).id();
    }

    private Contact created(String name, List<String> emails, List<String> groups) {
        AddressBook.Outcome outcome = book.create(owner, new AddressBook.Form(name, emails, List.of("+82 2 1234 5678"), "met at work", groups));
        assertThat(outcome).isInstanceOf(AddressBook.Outcome.Done.class);
        return ((AddressBook.Outcome.Done) outcome).contact();
    }

    @Test
    void aCreatedContactShouldKeepItsFieldsAsAVCard4AndBeFoundByNameOrAddress() {
        Contact kim = created("김민지 Kim", List.of("minji@example.org", "mj@work.example"), List.of("Work", "Friends"));

        assertThat(kim.data().vcard()).startsWith("BEGIN:VCARD\r\nVERSION:4.0\r\n").contains("FN:김민지 Kim")
                .contains("EMAIL:minji@example.org").contains("CATEGORIES:Work,Friends").contains("UID:urn:uuid:");
        assertThat(kim.resourceName()).endsWith(".vcf").doesNotContain(":");
        assertThat(book.store().list(owner, "MINJI", Optional.empty(), 10)).extracting(Contact::id).containsExactly(kim.id());
        assertThat(book.store().list(owner, "김민", Optional.empty(), 10)).extracting(Contact::id).containsExactly(kim.id());
        assertThat(book.store().list(owner, "", Optional.of("Work"), 10)).extracting(Contact::id).containsExactly(kim.id());
        assertThat(book.store().list(other, "minji", Optional.empty(), 10)).as("another account's book").isEmpty();
        assertThat(book.store().find(other, kim.id())).as("no access by id from another account").isEmpty();
        assertThat(book.store().groups(owner)).extracting(Contacts.GroupCount::name).containsExactly("Friends", "Work");
    }

    @Test
    void aSearchWithLikeWildcardsShouldMatchThemLiterally() {
        created("Percent Person", List.of("pp@example.org"), List.of());

        assertThat(book.store().list(owner, "%", Optional.empty(), 10)).isEmpty();
        assertThat(book.store().list(owner, "_", Optional.empty(), 10)).isEmpty();
    }

    @Test
    void anEditShouldKeepPropertiesTheWebmailDoesNotShowAndMoveTheETag() {
        String card = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:11111111-2222-3333-4444-555555555555\r\nFN:Jane Doe\r\n"
                + "ORG:ACME\r\nEMAIL:jane@example.org\r\nEND:VCARD\r\n";
        AddressBook.ImportReport report = book.importCards(owner, card);
        assertThat(report.added()).isEqualTo(1);
        Contact jane = book.store().findByUid(owner, "urn:uuid:11111111-2222-3333-4444-555555555555").orElseThrow();

        AddressBook.Outcome edited = book.update(owner, jane.id(),
                new AddressBook.Form("Jane Q. Doe", List.of("jane@example.org", "jq@example.org"), List.of(), "", List.of("VIP")));

        Contact after = ((AddressBook.Outcome.Done) edited).contact();
        assertThat(after.data().vcard()).contains("ORG:ACME").contains("FN:Jane Q. Doe").contains("EMAIL:jq@example.org");
        assertThat(after.etag()).isNotEqualTo(jane.etag());
        assertThat(book.store().update(owner, jane.id(), after.data(), OptionalLong.of(jane.modseq())))
                .as("If-Match with the old version").isInstanceOf(Saved.Conflict.class);
    }

    @Test
    void syncShouldReportChangesAndDeletionsSinceAToken() {
        Contact first = created("First", List.of("first@example.org"), List.of());
        long token = book.store().syncToken(owner);
        Contact second = created("Second", List.of("second@example.org"), List.of());
        assertThat(book.store().delete(owner, first.id(), OptionalLong.empty())).isInstanceOf(Saved.Stored.class);

        Contacts.Changes changes = book.store().changesSince(owner, token).orElseThrow();

        assertThat(changes.changed()).extracting(Contact::id).containsExactly(second.id());
        assertThat(changes.removed()).containsExactly(first.resourceName());
        assertThat(changes.token()).isGreaterThan(token);
        assertThat(book.store().changesSince(owner, changes.token() + 5)).as("a token from the future").isEmpty();
        assertThat(book.store().changesSince(owner, changes.token()).orElseThrow().changed()).isEmpty();
    }

    @Test
    void importShouldReportEachBadCardAndStopAtTheCardLimit() {
        String good = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Old Three\r\nEMAIL;TYPE=INTERNET:three@example.org\r\nTEL:123\r\nEND:VCARD\r\n";
        String noName = "BEGIN:VCARD\r\nVERSION:4.0\r\nNOTE:nothing else\r\nEND:VCARD\r\n";
        String badAddress = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bad\r\nEMAIL:not an address\r\nEND:VCARD\r\n";
        String text = good + noName + badAddress + good.replace("Old Three", "Four") + good.replace("Old Three", "Five");

        AddressBook.ImportReport report = book.importCards(owner, text);

        assertThat(report.added()).isEqualTo(2);
        assertThat(report.problems()).extracting(VCards.Read.Problem::index, VCards.Read.Problem::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, VCards.Reason.NO_NAME_OR_ADDRESS),
                org.assertj.core.groups.Tuple.tuple(3, VCards.Reason.BAD_ADDRESS),
                org.assertj.core.groups.Tuple.tuple(5, VCards.Reason.TOO_MANY_CARDS));
        Contact three = book.store().list(owner, "three", Optional.empty(), 10).getFirst();
        assertThat(three.data().vcard()).as("stored as vCard 4").contains("VERSION:4.0");
        assertThat(three.data().phones()).containsExactly("123");
    }

    @Test
    void exportAndImportAgainShouldUpdateInsteadOfDuplicating() {
        created("Round Trip", List.of("rt@example.org"), List.of("Family"));
        String exported = book.export(owner);

        AddressBook.ImportReport again = book.importCards(owner, exported);

        assertThat(exported).startsWith("BEGIN:VCARD\r\nVERSION:4.0").contains("CATEGORIES:Family");
        assertThat(again.added()).isZero();
        assertThat(again.updated()).isEqualTo(1);
        assertThat(book.store().count(owner)).isEqualTo(1);
    }

    @Test
    void aContactWithMoreValuesThanAllowedShouldBeRefusedAndSuggestionsBounded() {
        AddressBook.Outcome tooMany = book.create(owner, new AddressBook.Form("Many", List.of("a@example.org", "b@example.org",
                "c@example.org", "d@example.org"), List.of(), "", List.of()));
        IntStream.range(0, 4).forEach(i -> created("Same Name " + i, List.of("same" + i + "@example.org"), List.of()));

        assertThat(tooMany).isEqualTo(new AddressBook.Outcome.Refused(VCards.Reason.TOO_MANY_VALUES));
        assertThat(book.suggest(owner, "same")).as("mailwright.contacts.max-suggestions=2").hasSize(2);
    }

    @Test
    void theBookShouldRefuseContactsPastItsLimit() {
        IntStream.range(0, 6).forEach(i -> created("C" + i, List.of("c" + i + "@example.org"), List.of()));

        assertThat(book.create(owner, new AddressBook.Form("Seventh", List.of("seven@example.org"), List.of(), "", List.of())))
                .isInstanceOf(AddressBook.Outcome.Full.class);
    }

    @Test
    void collectedAddressesShouldBeBoundedAndSuggestedAfterContacts() throws InterruptedException {
        created("Anna Contact", List.of("anna@example.org"), List.of());
        for (String address : List.of("ann.collected@example.net", "b@example.net", "c@example.net", "d@example.net")) {
            book.collect(owner, List.of(new Contacts.Collected(address, "", 1, Instant.now())));
            Thread.sleep(5);
        }
        book.collect(owner, List.of(new Contacts.Collected("not an address", "", 1, Instant.now())));

        assertThat(book.store().collected(owner)).extracting(Contacts.Collected::address)
                .as("at most 3, the oldest forgotten").containsExactly("d@example.net", "c@example.net", "b@example.net");
        book.collect(owner, List.of(new Contacts.Collected("anne@example.net", "Anne Collected", 1, Instant.now())));
        assertThat(book.suggest(owner, "ann")).extracting(Contacts.Suggestion::address, Contacts.Suggestion::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("anna@example.org", Contacts.Suggestion.Source.CONTACT),
                        org.assertj.core.groups.Tuple.tuple("anne@example.net", Contacts.Suggestion.Source.COLLECTED));
        assertThat(book.suggest(owner, "contact")).as("a word of the name").extracting(Contacts.Suggestion::address)
                .containsExactly("anna@example.org");
        assertThat(book.suggest(other, "ann")).isEmpty();
    }

    @Test
    void identitiesShouldOnlyBeAddedForOwnedAddresses() {
        String own = accounts.findAccount(owner).orElseThrow().address();
        String alias = uniqueAddress("alias");
        accounts.addAlias(alias, owner);

        assertThat(identities.add(owner, alias, "Sales", "-- sales")).isInstanceOf(Identities.Added.Stored.class);
        assertThat(identities.add(owner, alias.toUpperCase(), "Again", "")).isInstanceOf(Identities.Added.AlreadyThere.class);
        assertThat(identities.add(owner, own, "Me", "")).isInstanceOf(Identities.Added.AlreadyThere.class);
        assertThat(identities.add(other, alias, "Thief", "")).isInstanceOf(Identities.Added.NotOwned.class);
        assertThat(identities.add(owner, accounts.findAccount(other).orElseThrow().address(), "Other", ""))
                .isInstanceOf(Identities.Added.NotOwned.class);
        assertThat(identities.list(owner)).extracting(Identities.Identity::address).containsExactly(alias);
        assertThat(identities.list(other)).isEmpty();
    }
}
