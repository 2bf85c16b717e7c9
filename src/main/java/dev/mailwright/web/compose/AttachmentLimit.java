package dev.mailwright.web.compose;

import org.springframework.util.unit.DataSize;

/**
 * How much the attachments of one message may weigh, as the compose page tells the user: the message size limit
 * ({@code mailwright.smtp-limits.max-message-size}) less room for the headers and the text, after base64, which turns
 * every 57 bytes into a 76-character line plus CRLF (RFC 2045 §6.8). A file of this size still fits once encoded.
 */
final class AttachmentLimit {
    /** Headers, the text and HTML bodies, MIME boundaries and part headers. */
    static final long ROOM_FOR_TEXT = 64 * 1024;

    private AttachmentLimit() {
    }

    static long attachmentBytes(DataSize maxMessageSize) {
        long encodedRoom = Math.max(0, maxMessageSize.toBytes() - ROOM_FOR_TEXT);
        return encodedRoom / 78 * 57;
    }
}
