package dev.mailwright.sieve;

import java.util.List;

/**
 * The header a script's {@code addheader} and {@code deleteheader} left (RFC 5293): the message's own fields that
 * survived, by their position in the received header, and the added ones, in their new order. The delivery layer
 * writes it over the received header ({@link ParsedSieveMessage#writeEdited}); the body is untouched.
 */
public record HeaderEdits(List<Field> fields) {
    public HeaderEdits {
        fields = List.copyOf(fields);
    }

    public sealed interface Field {
    }

    /** The {@code index}-th field of the received header, written exactly as it arrived. */
    public record Original(int index) implements Field {
    }

    /** A field a script added; {@code value} is already encoded and folded for the wire. */
    public record Added(String name, String value) implements Field {
    }
}
