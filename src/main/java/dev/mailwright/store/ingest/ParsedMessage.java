package dev.mailwright.store.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the store keeps about a message after parsing it once at ingest.
 *
 * @param envelope      IMAP ENVELOPE, RFC 3501 §7.4.2, ready to write (parenthesised list)
 * @param bodyStructure IMAP BODYSTRUCTURE with extension data
 * @param body          IMAP BODY (BODYSTRUCTURE without extension data)
 * @param root          the MIME tree with byte offsets into the raw message
 * @param subject       decoded Subject (encoded words resolved), empty if absent
 * @param from          decoded first From, as {@code Name <addr>} or {@code addr}, empty if absent
 * @param recipients    addresses (addr-spec only, lower-cased domain) from To, Cc
 * @param sentDate      the Date header, if present and parseable
 * @param preview       the first ~200 characters of the main text, whitespace collapsed
 * @param hasAttachments whether any part is an attachment (disposition attachment, or a named non-text part)
 * @param messageId     Message-ID without angle brackets
 * @param inReplyTo     first In-Reply-To id without angle brackets
 * @param references    References ids without angle brackets, in order
 * @param searchText    decoded header values and text parts for search, bounded in length
 */
public record ParsedMessage(
        String envelope,
        String bodyStructure,
        String body,
        MimePart root,
        String subject,
        String from,
        List<String> recipients,
        Optional<Instant> sentDate,
        String preview,
        boolean hasAttachments,
        Optional<String> messageId,
        Optional<String> inReplyTo,
        List<String> references,
        String searchText) {
}
