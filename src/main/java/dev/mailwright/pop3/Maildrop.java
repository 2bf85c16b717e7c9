package dev.mailwright.pop3;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.UidSet;

/**
 * The INBOX as one POP3 session sees it: the messages present at login, numbered from 1 in UID order, with the marks
 * DELE set and RSET clears. Messages arriving later belong to the next session (RFC 1939 §5 numbers stay fixed).
 */
final class Maildrop {
    private final MailboxInfo inbox;
    private final long[] uids;
    private final long[] sizes;
    private final String[] blobHashes;
    private final BitSet deleted = new BitSet();

    private Maildrop(MailboxInfo inbox, long[] uids, long[] sizes, String[] blobHashes) {
        this.inbox = inbox;
        this.uids = uids;
        this.sizes = sizes;
        this.blobHashes = blobHashes;
    }

    /** A snapshot of {@code inbox}'s messages now, each with the octets RETR sends for it. */
    static Maildrop snapshot(MailStore store, MailboxInfo inbox, MessageOctets octets) {
        List<long[]> rows = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        store.forEachMeta(inbox.id(), UidSet.ALL, meta -> {
            rows.add(new long[] {meta.uid(), meta.size()});
            hashes.add(meta.blobHash());
        });
        long[] uids = new long[rows.size()];
        long[] sizes = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            uids[i] = rows.get(i)[0];
            sizes[i] = octets.of(store, hashes.get(i), rows.get(i)[1]);
        }
        return new Maildrop(inbox, uids, sizes, hashes.toArray(String[]::new));
    }

    MailboxInfo inbox() {
        return inbox;
    }

    /** Messages of the snapshot, deleted or not: the highest message number. */
    int size() {
        return uids.length;
    }

    /** The index of message {@code number} when it exists and is not marked deleted. */
    OptionalInt live(int number) {
        if (number < 1 || number > uids.length || deleted.get(number - 1)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(number - 1);
    }

    boolean isDeleted(int index) {
        return deleted.get(index);
    }

    void delete(int index) {
        deleted.set(index);
    }

    void undeleteAll() {
        deleted.clear();
    }

    int liveCount() {
        return uids.length - deleted.cardinality();
    }

    long liveOctets() {
        long total = 0;
        for (int i = 0; i < uids.length; i++) {
            if (!deleted.get(i)) {
                total += sizes[i];
            }
        }
        return total;
    }

    long uid(int index) {
        return uids[index];
    }

    long octets(int index) {
        return sizes[index];
    }

    String blobHash(int index) {
        return blobHashes[index];
    }

    /**
     * The unique-id listing (RFC 1939 §7): UIDVALIDITY and UID, so the same message keeps its id across sessions and
     * restarts, and a message in a re-created INBOX never takes an old one's id.
     */
    String uniqueId(int index) {
        return inbox.uidValidity() + "." + uids[index];
    }

    /** UIDs of the messages marked deleted; empty when none is. */
    Optional<UidSet> deletedUids() {
        List<Long> marked = new ArrayList<>();
        for (int i = deleted.nextSetBit(0); i >= 0; i = deleted.nextSetBit(i + 1)) {
            marked.add(uids[i]);
        }
        return marked.isEmpty() ? Optional.empty() : Optional.of(UidSet.of(marked));
    }
}
