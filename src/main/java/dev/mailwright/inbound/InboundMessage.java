package dev.mailwright.inbound;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import dev.mailwright.store.MessageSource;

/**
 * One message as the MX port received it, after DATA/BDAT and before the store.
 *
 * @param client            the connecting address
 * @param helo              the EHLO/HELO argument as given
 * @param reversePath       the MAIL FROM address without brackets; empty for the null reverse-path
 * @param recipients        the accepted RCPT TO addresses
 * @param transport         whether the session was encrypted
 * @param authenticatedUser the SMTP AUTH identity, if the client authenticated
 * @param raw               the message bytes as received (our own {@code Received:} first); readable many times
 * @param header            its header fields, parsed once
 */
public record InboundMessage(InetAddress client, String helo, String reversePath, List<String> recipients,
                             Transport transport, Optional<String> authenticatedUser, MessageSource raw,
                             MessageHeader header) {
    public InboundMessage {
        recipients = List.copyOf(recipients);
    }

    public enum Transport { PLAINTEXT, TLS }

    /** The body (what follows the header section), buffered; the caller closes it. */
    public java.io.InputStream openBody() throws java.io.IOException {
        java.io.InputStream in = raw.open();
        in.skipNBytes(Math.min(header.length(), raw.size()));
        return new java.io.BufferedInputStream(in, 64 * 1024);
    }

    /** The domain of the reverse-path, empty for the null reverse-path. */
    public String reversePathDomain() {
        int at = reversePath.lastIndexOf('@');
        return at < 0 ? "" : reversePath.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
