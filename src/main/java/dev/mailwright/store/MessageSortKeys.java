package dev.mailwright.store;

import java.time.Instant;

/**
 * One message's SORT keys (RFC 5256 §3, RFC 5957 §3), read from the stored columns; text keys are already
 * i;ascii-casemap'd.
 *
 * @param sentDate the Date: header, or the internal date when it has none
 */
public record MessageSortKeys(long uid, Instant sentDate, Instant internalDate, long size, String baseSubject,
                              String fromMailbox, String toMailbox, String ccMailbox, String displayFrom,
                              String displayTo) {
}
