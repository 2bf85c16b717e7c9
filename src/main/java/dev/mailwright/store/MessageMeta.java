package dev.mailwright.store;

import java.time.Instant;

/**
 * What a FETCH or a webmail list needs of one message without opening its body. {@code envelope},
 * {@code bodyStructure} and {@code body} are IMAP strings ready to write (RFC 3501 §7.4.2).
 * {@code partTree} is the encoded {@link dev.mailwright.store.ingest.MimePart} tree with byte offsets.
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
        String threadKey) {
}
