package dev.mailwright.sieve;

import java.util.List;
import java.util.Optional;

/**
 * What a script may look at in the message being delivered: the delivery layer adapts a stored message to it.
 * Header values are unfolded and their encoded words decoded (RFC 5228 §2.7.2); texts are bounded by the adapter.
 */
public interface SieveMessage {
    /** Every value of the named header field, in message order; empty when there is none. */
    List<String> header(String name);

    /** The envelope's reverse-path without brackets; empty string for the null sender {@code <>}. */
    String envelopeFrom();

    /** The envelope recipient this delivery is for. */
    String envelopeTo();

    long size();

    /** {@code body :text}: the decoded text parts, joined. */
    String bodyText();

    /** {@code body :raw}: the body as it was received, undecoded. */
    String bodyRaw();

    /**
     * Every well-formed header field in message order, each with its position among the received header's fields
     * ({@code index}: what {@link HeaderEdits.Original} refers to). {@code editheader} works on this list.
     */
    List<HeaderField> fields();

    /** One header field: name as written, value unfolded and decoded. */
    record HeaderField(String name, String value, int index) {
    }

    /** The inbound checks' verdicts (spamtest, virustest), empty when the message did not pass them. */
    default Optional<SieveRatings> ratings() {
        return Optional.empty();
    }
}
