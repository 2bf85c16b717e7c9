package dev.mailwright.store.ingest;

import java.util.List;
import java.util.Optional;

/**
 * One node of a message's MIME tree with byte offsets into the raw message, so that
 * {@code BODY[1.2]}, {@code BODY[1.2.MIME]} and {@code BODY[2.HEADER]} are served from the blob without
 * re-parsing. Offsets are absolute: {@code [headerStart, bodyStart)} is the part's header including the
 * blank line, {@code [bodyStart, bodyEnd)} its body.
 *
 * @param type       lower-case media type, e.g. {@code text}
 * @param subtype    lower-case subtype, e.g. {@code plain}
 * @param children   sub-parts of a multipart, in order (IMAP part numbers 1..n)
 * @param message    for {@code message/rfc822}: the root part of the embedded message
 */
public record MimePart(String type, String subtype, long headerStart, long bodyStart, long bodyEnd,
                       List<MimePart> children, Optional<MimePart> message) {
}
