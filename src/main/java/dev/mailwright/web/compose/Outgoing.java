package dev.mailwright.web.compose;

import java.util.List;
import java.util.Optional;

import org.apache.james.mime4j.dom.address.Mailbox;

/**
 * A message ready to be written as RFC 5322 bytes. Header texts are free of CR and LF. {@code html}, when present, is
 * sanitized HTML sent with {@code body} (its plain text) as multipart/alternative.
 */
record Outgoing(Mailbox from, List<Mailbox> to, List<Mailbox> cc, List<Mailbox> bcc, String subject, String body,
                Optional<String> html,
                Optional<String> inReplyTo, List<String> references, List<Attachment> attachments) {

    record Attachment(String filename, String contentType, byte[] content) {
    }
}
