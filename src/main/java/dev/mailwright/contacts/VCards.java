package dev.mailwright.contacts;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.io.text.VCardReader;
import ezvcard.io.text.VCardWriter;
import ezvcard.property.Categories;
import ezvcard.property.Email;
import ezvcard.property.FormattedName;
import ezvcard.property.Note;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import ezvcard.property.Uid;

import dev.mailwright.store.Contacts.ContactData;

/**
 * vCard (RFC 6350; version 3 read too) to and from the address book's {@link ContactData}, with ez-vcard's plain-text
 * reader and writer. The card text kept in the store is the one written here (webmail, import) or received (CardDAV
 * PUT), so properties the webmail does not edit (ADR, ORG, PHOTO, ...) survive an edit: {@link #edit} changes only
 * FN, N (when it had none), EMAIL, TEL, NOTE and CATEGORIES of the stored card.
 */
public final class VCards {
    /** The limits every card is held to. */
    public record Limits(int maxCardChars, int maxValuesPerField) {
    }

    /** One card of an import or a PUT: its data, or why it was refused ({@code index} counts from 1). */
    public sealed interface Read {
        int index();

        record Card(int index, ContactData data) implements Read {
        }

        record Problem(int index, String name, Reason reason) implements Read {
        }
    }

    /** Why a card was refused; the web layer turns each into a message of the reader's language. */
    public enum Reason { NO_NAME_OR_ADDRESS, TOO_LARGE, TOO_MANY_VALUES, BAD_ADDRESS, UNREADABLE, TOO_MANY_CARDS }

    private final Limits limits;

    public VCards(Limits limits) {
        this.limits = limits;
    }

    /**
     * Every card in {@code text}, at most {@code maxCards} read (one more card gives one {@link Reason#TOO_MANY_CARDS}
     * problem and reading stops). Each card is stored as written back in version 4.
     */
    public List<Read> readAll(String text, int maxCards) {
        List<Read> out = new ArrayList<>();
        try (VCardReader reader = new VCardReader(text)) {
            int index = 0;
            while (true) {
                VCard card;
                try {
                    card = reader.readNext();
                } catch (RuntimeException e) {
                    out.add(new Read.Problem(index + 1, "", Reason.UNREADABLE));
                    break;
                }
                if (card == null) {
                    break;
                }
                index++;
                if (index > maxCards) {
                    out.add(new Read.Problem(index, "", Reason.TOO_MANY_CARDS));
                    break;
                }
                if (card.getUid() == null || card.getUid().getValue() == null || card.getUid().getValue().isBlank()) {
                    card.setUid(new Uid(newUid()));   // so that exporting and importing again updates instead of adding
                }
                int at = index;
                out.add(write(card).map(written -> checked(at, card, written))
                        .orElseGet(() -> new Read.Problem(at, "", Reason.UNREADABLE)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** One card as a CardDAV client sent it: kept verbatim (its ETag then matches what the client has). */
    public Read readOne(String text) {
        if (text.length() > limits.maxCardChars()) {
            return new Read.Problem(1, "", Reason.TOO_LARGE);
        }
        try (VCardReader reader = new VCardReader(text)) {
            VCard card = reader.readNext();
            if (card == null) {
                return new Read.Problem(1, "", Reason.UNREADABLE);
            }
            if (reader.readNext() != null) {
                return new Read.Problem(2, "", Reason.TOO_MANY_CARDS);   // RFC 6352 §5.1: one vCard per resource
            }
            return checked(1, card, text);
        } catch (IOException | RuntimeException e) {
            return new Read.Problem(1, "", Reason.UNREADABLE);
        }
    }

    /** The webmail's form applied to the stored card (or to a new one). */
    public Read edit(Optional<String> stored, String uid, String fullName, List<String> emails, List<String> phones,
                     String note, List<String> groups) {
        VCard card = stored.flatMap(VCards::parse).orElseGet(VCard::new);
        card.setUid(new Uid(uid));
        card.setFormattedName(fullName.strip());
        if (card.getStructuredName() == null && !fullName.isBlank()) {
            StructuredName n = new StructuredName();
            String[] words = fullName.strip().split(" ");
            n.setFamily(words.length > 1 ? words[words.length - 1] : "");
            n.setGiven(words.length > 1 ? String.join(" ", java.util.Arrays.copyOf(words, words.length - 1)) : words[0]);
            card.setStructuredName(n);
        }
        card.removeProperties(Email.class);
        emails.stream().map(String::strip).filter(e -> !e.isEmpty()).forEach(card::addEmail);
        card.removeProperties(Telephone.class);
        phones.stream().map(String::strip).filter(p -> !p.isEmpty()).forEach(p -> card.addTelephoneNumber(p));
        card.removeProperties(Note.class);
        if (!note.isBlank()) {
            card.addNote(note.strip());
        }
        card.removeProperties(Categories.class);
        List<String> cleanGroups = groups.stream().map(String::strip).filter(g -> !g.isEmpty()).distinct().toList();
        if (!cleanGroups.isEmpty()) {
            Categories categories = new Categories();
            categories.getValues().addAll(cleanGroups);
            card.setCategories(categories);
        }
        return write(card).map(text -> checked(1, card, text)).orElseGet(() -> new Read.Problem(1, "", Reason.UNREADABLE));
    }

    /** A new random UID, as RFC 6350 §6.7.6 suggests. */
    public static String newUid() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    /** The cards as one vCard 4 text (export). */
    public String export(List<String> cards) {
        StringBuilder out = new StringBuilder();
        for (String text : cards) {
            parse(text).flatMap(VCards::write).ifPresent(out::append);
        }
        return out.toString();
    }

    private static Optional<VCard> parse(String text) {
        try (VCardReader reader = new VCardReader(text)) {
            return Optional.ofNullable(reader.readNext());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The card as vCard 4 text; empty when ez-vcard cannot write what it read (a property name with a character
     * vCard forbids, kept verbatim from a CardDAV PUT or an import: found by CardDavRequestFuzzTest).
     */
    private static Optional<String> write(VCard card) {
        StringWriter out = new StringWriter();
        try (VCardWriter writer = new VCardWriter(out, VCardVersion.V4_0)) {
            writer.setAddProdId(false);
            writer.write(card);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException unwritable) {
            return Optional.empty();
        }
        return Optional.of(out.toString());
    }

    private Read checked(int index, VCard card, String text) {
        List<String> emails = new ArrayList<>();
        for (Email email : card.getEmails()) {
            if (email.getValue() != null && !email.getValue().isBlank()) {
                emails.add(email.getValue().strip());
            }
        }
        List<String> phones = new ArrayList<>();
        for (Telephone tel : card.getTelephoneNumbers()) {
            String number = tel.getText() != null ? tel.getText() : tel.getUri() != null ? tel.getUri().getNumber() : null;
            if (number != null && !number.isBlank()) {
                phones.add(number.strip());
            }
        }
        Set<String> groups = new LinkedHashSet<>();
        for (Categories categories : card.getCategoriesList()) {
            for (String value : categories.getValues()) {
                if (value != null && !value.isBlank()) {
                    groups.add(value.strip().length() > 100 ? value.strip().substring(0, 100) : value.strip());
                }
            }
        }
        String fullName = Optional.ofNullable(card.getFormattedName()).map(FormattedName::getValue).filter(v -> !v.isBlank())
                .or(() -> Optional.ofNullable(card.getStructuredName()).map(VCards::joined).filter(v -> !v.isBlank()))
                .orElse(emails.isEmpty() ? "" : emails.getFirst()).strip();
        String name = fullName.length() > 255 ? fullName.substring(0, 255) : fullName;
        if (name.isEmpty()) {
            return new Read.Problem(index, "", Reason.NO_NAME_OR_ADDRESS);
        }
        if (text.length() > limits.maxCardChars()) {
            return new Read.Problem(index, name, Reason.TOO_LARGE);
        }
        if (emails.size() > limits.maxValuesPerField() || phones.size() > limits.maxValuesPerField()
                || groups.size() > limits.maxValuesPerField()) {
            return new Read.Problem(index, name, Reason.TOO_MANY_VALUES);
        }
        for (String email : emails) {
            if (!plausibleAddress(email)) {
                return new Read.Problem(index, name, Reason.BAD_ADDRESS);
            }
        }
        if (phones.stream().anyMatch(p -> p.length() > 100)) {
            return new Read.Problem(index, name, Reason.TOO_MANY_VALUES);
        }
        String note = card.getNotes().isEmpty() || card.getNotes().getFirst().getValue() == null ? ""
                : card.getNotes().getFirst().getValue();
        String uid = Optional.ofNullable(card.getUid()).map(Uid::getValue).filter(v -> !v.isBlank() && v.length() <= 255)
                .orElse("");
        return new Read.Card(index, new ContactData(uid, name, emails, phones, note.length() > 4000 ? note.substring(0, 4000) : note,
                List.copyOf(groups), text));
    }

    private static String joined(StructuredName n) {
        List<String> parts = new ArrayList<>();
        parts.addAll(n.getPrefixes());
        if (n.getGiven() != null) {
            parts.add(n.getGiven());
        }
        parts.addAll(n.getAdditionalNames());
        if (n.getFamily() != null) {
            parts.add(n.getFamily());
        }
        parts.addAll(n.getSuffixes());
        return String.join(" ", parts.stream().filter(p -> !p.isBlank()).toList());
    }

    /** local@domain, at most 320 characters, no blanks, brackets or controls: what a To field can carry. */
    public static boolean plausibleAddress(String address) {
        int at = address.lastIndexOf('@');
        return at > 0 && at < address.length() - 1 && address.length() <= 320
                && address.chars().noneMatch(c -> c <= ' ' || c == '<' || c == '>' || c == ',' || c == '"' || c == 0x7f)
                && address.toLowerCase(Locale.ROOT).equals(address.toLowerCase(Locale.ROOT).strip());
    }
}
