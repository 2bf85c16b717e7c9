package dev.mailwright.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Each account's address book: contacts (a vCard each, with the fields lists and searches read kept beside it),
 * the addresses the user wrote to ("collected"), and the change counter CardDAV sync reads. The store keeps text;
 * reading and writing vCards is the caller's business ({@code dev.mailwright.vcard}).
 */
public interface Contacts {

    /** What a caller writes: the card and the fields taken from it. */
    record ContactData(String uid, String fullName, List<String> emails, List<String> phones, String note,
                       List<String> groups, String vcard) {
        public ContactData {
            emails = List.copyOf(emails);
            phones = List.copyOf(phones);
            groups = List.copyOf(groups);
        }
    }

    /** {@code modseq}: the address book's counter at this contact's last change; its ETag. */
    record Contact(long id, String resourceName, ContactData data, long modseq, Instant updatedAt) {
        /** The strong HTTP entity tag of this version (RFC 9110 §8.8.3). */
        public String etag() {
            return "\"" + modseq + "\"";
        }

        public String fullName() {
            return data.fullName();
        }

        public List<String> emails() {
            return data.emails();
        }
    }

    record GroupCount(String name, long contacts) {
    }

    /** An address offered while typing a recipient: from a contact or from the collected list. */
    record Suggestion(String name, String address, Source source) {
        public enum Source { CONTACT, COLLECTED }
    }

    record Collected(String address, String name, int uses, Instant lastUsed) {
    }

    /** Contacts changed and resource names removed since a sync token, and the token to ask with next time. */
    record Changes(List<Contact> changed, List<String> removed, long token) {
    }

    sealed interface Saved {
        record Stored(Contact contact) implements Saved {
        }

        /** No contact with that id or resource name (for an update), or the account is gone. */
        record Missing() implements Saved {
        }

        /** The caller's expected version (If-Match) is not the current one, or the uid or resource name is taken. */
        record Conflict() implements Saved {
        }

        /** {@code mailwright.contacts.max-contacts} reached. */
        record Full(int limit) implements Saved {
        }
    }

    /**
     * Contacts ordered by name, at most {@code limit}; {@code search} (may be blank) matches a substring of the name
     * or of an address, case-insensitively; {@code group} narrows to one group.
     */
    List<Contact> list(AccountId account, String search, Optional<String> group, int limit);

    long count(AccountId account);

    Optional<Contact> find(AccountId account, long id);

    Optional<Contact> findByResource(AccountId account, String resourceName);

    Optional<Contact> findByUid(AccountId account, String uid);

    /** The contacts among these resource names, in no particular order. */
    List<Contact> findByResources(AccountId account, Collection<String> resourceNames);

    /** Creates a contact; {@link Saved.Conflict} when the uid or resource name is taken. */
    Saved create(AccountId account, String resourceName, ContactData data, int maxContacts);

    /** Replaces a contact's card; {@code ifMatch}: the modseq the caller saw (empty: any). */
    Saved update(AccountId account, long id, ContactData data, OptionalLong ifMatch);

    /** Removes a contact (a tombstone stays for sync); {@link Saved.Missing} or {@link Saved.Conflict} like update. */
    Saved delete(AccountId account, long id, OptionalLong ifMatch);

    List<GroupCount> groups(AccountId account);

    /** Removes a group from every contact that has it (the contacts stay); returns how many changed. */
    int removeGroup(AccountId account, String group, java.util.function.UnaryOperator<ContactData> withoutGroup);

    /** The current sync token: the address book's counter. */
    long syncToken(AccountId account);

    /** Empty when the token is in the future or older than the oldest tombstone kept (the client must resync). */
    Optional<Changes> changesSince(AccountId account, long token);

    /** Contacts' and collected addresses matching {@code query} (prefix of a word of the name, or of the address). */
    List<Suggestion> suggest(AccountId account, String query, int limit);

    /** Remembers addresses the user wrote to; keeps at most {@code max}, dropping the least recently used. */
    void collect(AccountId account, List<Collected> written, int max);

    List<Collected> collected(AccountId account);

    boolean forgetCollected(AccountId account, String address);
}
