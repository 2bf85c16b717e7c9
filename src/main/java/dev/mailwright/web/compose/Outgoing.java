package dev.mailwright.web.compose;

import java.util.List;
import java.util.Optional;

import org.apache.james.mime4j.dom.address.Mailbox;

/** A message ready to be written as RFC 5322 bytes. Every text here is free of CR and LF. */
record Outgoing(Mailbox from, List<Mailbox> to, List<Mailbox> cc, List<Mailbox> bcc, String subject, String body,
                Optional<String> inReplyTo, List<String> references, List<Attachment> attachments) {

    record Attachment(String filename, String contentType, byte[] content) {
    }
}
