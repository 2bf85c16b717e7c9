package dev.mailwright.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.stereotype.Service;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.Contacts;
import dev.mailwright.store.Contacts.Collected;
import dev.mailwright.store.Contacts.Contact;
import dev.mailwright.store.Contacts.ContactData;
import dev.mailwright.store.Contacts.Saved;

/**
 * The address book as the webmail and CardDAV use it: the store's {@link Contacts} with vCard reading and writing
 * ({@link VCards}) and the limits of {@code mailwright.contacts.*} applied in one place, so both doors hold the same
 * rules.
 */
@Service
public class AddressBook {
    private final Contacts contacts;
    private final MailwrightProperties.Contacts limits;
    private final VCards vcards;

    AddressBook(Contacts contacts, MailwrightProperties properties) {
        this.contacts = contacts;
        this.limits = properties.contacts();
        this.vcards = new VCards(new VCards.Limits((int) Math.min(Integer.MAX_VALUE, limits.maxCardSize().toBytes()),
                limits.maxValuesPerField()));
    }

    public MailwrightProperties.Contacts limits() {
        return limits;
    }

    public Contacts store() {
        return contacts;
    }

    public VCards vcards() {
        return vcards;
    }

    /** What the contact form holds. */
    public record Form(String fullName, List<String> emails, List<String> phones, String note, List<String> groups) {
    }

    /** A new contact from the webmail form; its resource name is its UID's random part plus {@code .vcf}. */
    public Outcome create(AccountId account, Form form) {
        String uid = VCards.newUid();
        return switch (vcards.edit(Optional.empty(), uid, form.fullName(), form.emails(), form.phones(), form.note(), form.groups())) {
            case VCards.Read.Problem problem -> new Outcome.Refused(problem.reason());
            case VCards.Read.Card card -> saved(contacts.create(account, resourceNameFor(uid), card.data(), limits.maxContacts()));
        };
    }

    public Outcome update(AccountId account, long id, Form form) {
        Optional<Contact> current = contacts.find(account, id);
        if (current.isEmpty()) {
            return new Outcome.Missing();
        }
        ContactData data = current.get().data();
        String uid = data.uid().isBlank() ? VCards.newUid() : data.uid();
        return switch (vcards.edit(Optional.of(data.vcard()), uid, form.fullName(), form.emails(), form.phones(), form.note(),
                form.groups())) {
            case VCards.Read.Problem problem -> new Outcome.Refused(problem.reason());
            case VCards.Read.Card card -> saved(contacts.update(account, id, card.data(), OptionalLong.of(current.get().modseq())));
        };
    }

    /** The result of an import: how many were added or updated, and each card refused with its reason. */
    public record ImportReport(int added, int updated, List<VCards.Read.Problem> problems) {
    }

    /** Cards with a UID the book already has replace that contact; others are added. Bounded by the import limits. */
    public ImportReport importCards(AccountId account, String text) {
        int added = 0;
        int updated = 0;
        List<VCards.Read.Problem> problems = new ArrayList<>();
        for (VCards.Read read : vcards.readAll(text, limits.maxImportCards())) {
            switch (read) {
                case VCards.Read.Problem problem -> problems.add(problem);
                case VCards.Read.Card card -> {
                    ContactData data = card.data();
                    if (data.uid().isBlank()) {
                        data = withUid(data, VCards.newUid());
                    }
                    Optional<Contact> existing = contacts.findByUid(account, data.uid());
                    Saved saved = existing.isPresent()
                            ? contacts.update(account, existing.get().id(), data, OptionalLong.empty())
                            : contacts.create(account, resourceNameFor(data.uid()), data, limits.maxContacts());
                    switch (saved) {
                        case Saved.Stored stored -> {
                            if (existing.isPresent()) {
                                updated++;
                            } else {
                                added++;
                            }
                        }
                        case Saved.Full full -> problems.add(new VCards.Read.Problem(card.index(), data.fullName(), VCards.Reason.TOO_MANY_CARDS));
                        case Saved.Conflict conflict -> problems.add(new VCards.Read.Problem(card.index(), data.fullName(), VCards.Reason.UNREADABLE));
                        case Saved.Missing missing -> problems.add(new VCards.Read.Problem(card.index(), data.fullName(), VCards.Reason.UNREADABLE));
                    }
                }
            }
        }
        return new ImportReport(added, updated, problems);
    }

    /** Every contact as one vCard 4 file. */
    public String export(AccountId account) {
        return vcards.export(contacts.list(account, "", Optional.empty(), limits.maxContacts()).stream()
                .map(c -> c.data().vcard()).toList());
    }

    /** The user wrote to these (name may be empty): remembered for autocomplete, the list kept bounded. */
    public void collect(AccountId account, List<Collected> written) {
        List<Collected> valid = written.stream().filter(c -> VCards.plausibleAddress(c.address())).limit(1000).toList();
        contacts.collect(account, valid, limits.maxCollected());
    }

    public List<Contacts.Suggestion> suggest(AccountId account, String query) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || q.length() > 320) {
            return List.of();
        }
        return contacts.suggest(account, q, limits.maxSuggestions());
    }

    /** Removes a group from its members' cards (CATEGORIES rewritten); the contacts stay. */
    public int removeGroup(AccountId account, String group) {
        return contacts.removeGroup(account, group, data -> {
            List<String> groups = data.groups().stream().filter(g -> !g.equals(group)).toList();
            VCards.Read read = vcards.edit(Optional.of(data.vcard()), data.uid().isBlank() ? VCards.newUid() : data.uid(),
                    data.fullName(), data.emails(), data.phones(), data.note(), groups);
            return read instanceof VCards.Read.Card card ? card.data() : data;
        });
    }

    /** A resource name safe in a URL path segment, derived from the UID (RFC 6352 leaves the name to the server). */
    public static String resourceNameFor(String uid) {
        String base = uid.toLowerCase(Locale.ROOT).startsWith("urn:uuid:") ? uid.substring(9) : uid;
        StringBuilder out = new StringBuilder();
        for (char c : base.toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
                out.append(c);
            }
            if (out.length() >= 200) {
                break;
            }
        }
        if (out.length() < 8) {
            out.append(java.util.UUID.randomUUID());
        }
        return out + ".vcf";
    }

    static ContactData withUid(ContactData data, String uid) {
        return new ContactData(uid, data.fullName(), data.emails(), data.phones(), data.note(), data.groups(), data.vcard());
    }

    /** What a webmail save did. */
    public sealed interface Outcome {
        record Done(Contact contact) implements Outcome {
        }

        record Refused(VCards.Reason reason) implements Outcome {
        }

        record Missing() implements Outcome {
        }

        record Conflict() implements Outcome {
        }

        record Full(int limit) implements Outcome {
        }
    }

    private static Outcome saved(Saved saved) {
        return switch (saved) {
            case Saved.Stored stored -> new Outcome.Done(stored.contact());
            case Saved.Missing missing -> new Outcome.Missing();
            case Saved.Conflict conflict -> new Outcome.Conflict();
            case Saved.Full full -> new Outcome.Full(full.limit());
        };
    }
}
