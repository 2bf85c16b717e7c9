package dev.mailwright.store;

import java.time.Instant;

/**
 * What a FETCH or a webmail list needs of one message without opening its body. {@code envelope},
 * {@code bodyStructure} and {@code body} are IMAP strings ready to write (RFC 3501 §7.4.2).
 * {@code partTree} is the encoded {@link dev.mailwright.store.ingest.MimePart} tree with byte offsets.
 * {@code preview} is the first characters of the main text, whitespace-collapsed, stored at ingest (the webmail's
 * list and IMAP PREVIEW, RFC 8970, show the same text).
 */
public record MessageMeta(
        long uid,
        long modseq,
        Flags flags,
        Instant internalDate,
        long size,
        String blobHash,
        String envelope,
        String bodyStructure,
        String body,
        String partTree,
        String subject,
        String from,
        Instant sentDate,
        String preview,
        boolean hasAttachments,
        String messageId,
        String threadKey,
        /** the message row: the account's one copy, shared by COPY and MOVE (RFC 8474 EMAILID) */
        long messageRow,
        /** when the message was put into this mailbox (RFC 8514 SAVEDATE) */
        Instant saveDate) {

    /** RFC 8474 EMAILID. */
    public String emailId() {
        return ObjectIds.email(messageRow);
    }

    /** RFC 8474 THREADID: the same for every message of the conversation. */
    public String threadId() {
        return ObjectIds.thread(threadKey);
    }
}
