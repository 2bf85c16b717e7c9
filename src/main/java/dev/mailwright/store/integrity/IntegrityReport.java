package dev.mailwright.store.integrity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one integrity check found and, in repair mode, what it repaired. Each {@link Finding} is one kind of damage in
 * one place (a mailbox, an index, an account's blobs) with a count; {@link #clean()} means nothing was found.
 */
public record IntegrityReport(Instant started, Duration took, boolean repairMode, Scanned scanned, List<Finding> findings) {

    public enum Kind {
        /** an index of {@code mailbox_message} returned other rows than a scan of the table */
        INDEX_MISMATCH,
        /** the primary key of {@code mailbox_message} is missing */
        PRIMARY_KEY_MISSING,
        /** two rows of one mailbox with the same UID */
        DUPLICATE_UID,
        /**
         * placements without their key row (message reference and webmail sort keys, {@code mailbox_message_keys}), or
         * such rows without placement
         */
        PLACEMENT_KEYS_OUT_OF_STEP,
        /** uid_next not above a UID in use or expunged, or highest_modseq below a MODSEQ: UIDs may have been handed out twice */
        COUNTERS_BEHIND,
        /** message_count, unseen_count or size_bytes differ from the rows */
        COUNTERS_WRONG,
        /** a message's blob is not in the blob store */
        MISSING_BLOB,
        /** a message's blob is there but its bytes do not hash to its address (blob-check HASH) */
        CORRUPT_BLOB,
        /** an outbound queue entry's blob is not in the blob store */
        MISSING_QUEUED_BLOB
    }

    /**
     * @param account  the account's address, empty when the finding is not about one account
     * @param mailbox  the mailbox name (or the index name for index findings), empty when not about one
     * @param repaired whether this run repaired it
     * @param action   what was (or would be) done
     */
    public record Finding(Kind kind, String account, String mailbox, long count, boolean repaired, String action) {
        /** The one log and CLI line of this finding. */
        public String line() {
            String where = (account.isEmpty() ? "" : " account " + account) + (mailbox.isEmpty() ? "" : " mailbox " + mailbox);
            return kind + where + ": " + count + (repaired ? ", repaired: " : ", to repair: ") + action;
        }
    }

    /** How much the check looked at. */
    public record Scanned(long mailboxes, long placements, long blobs) {
    }

    public boolean clean() {
        return findings.isEmpty();
    }

    /** Whether something found is still unrepaired. */
    public boolean unrepaired() {
        return findings.stream().anyMatch(f -> !f.repaired());
    }

    /** Messages whose bytes are missing or corrupt (queued blobs included). */
    public long unreadableBlobs() {
        return findings.stream().filter(f -> f.kind() == Kind.MISSING_BLOB || f.kind() == Kind.CORRUPT_BLOB
                || f.kind() == Kind.MISSING_QUEUED_BLOB).mapToLong(Finding::count).sum();
    }

    public String summary() {
        return (clean() ? "clean" : findings.size() + " finding(s)" + (unrepaired() ? ", not all repaired" : ", all repaired"))
                + ": " + scanned.mailboxes() + " mailboxes, " + scanned.placements() + " messages, " + scanned.blobs()
                + " blobs checked in " + took.toMillis() + " ms";
    }
}
