package dev.mailwright.store;

import java.time.Instant;
import java.util.Optional;

/**
 * What IMAP SEARCH decides from for one message without opening it: flags, dates, size, object ids and, when asked
 * for and exact, the folded header text of the search index (V17 {@code search_header}) whose lines are exactly
 * the message's header fields (V27 {@code search_header_exact}): {@code name: value} per field, decoded and folded,
 * address fields followed by a line without comments ({@link dev.mailwright.store.search.SearchText#headerLines}).
 *
 * @param exactHeader that text, or null: not asked for, or not exact (the header must then be read from the blob)
 */
public record SearchRow(long uid, long modseq, Flags flags, Instant internalDate, long size, String blobHash,
                        long messageRow, String threadKey, Instant saveDate, String exactHeader) {

    /** The exact header text, when the row has one. */
    public Optional<String> header() {
        return Optional.ofNullable(exactHeader);
    }

    /** RFC 8474 EMAILID, as {@link MessageMeta#emailId()}. */
    public String emailId() {
        return ObjectIds.email(messageRow);
    }

    /** RFC 8474 THREADID, as {@link MessageMeta#threadId()}. */
    public String threadId() {
        return ObjectIds.thread(threadKey);
    }
}
