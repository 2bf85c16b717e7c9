package dev.mailwright.managesieve;

import java.util.Optional;

/**
 * A {@code NO} that ends a command; {@code bad} ones (unknown commands, syntax errors) count towards
 * max-bad-commands.
 */
final class Refusal extends RuntimeException {
    private final transient Optional<ResponseCode> code;
    private final boolean bad;

    private Refusal(Optional<ResponseCode> code, String text, boolean bad) {
        super(text, null, false, false);
        this.code = code;
        this.bad = bad;
    }

    static Refusal no(String text) {
        return new Refusal(Optional.empty(), text, false);
    }

    static Refusal no(ResponseCode code, String text) {
        return new Refusal(Optional.of(code), text, false);
    }

    static Refusal bad(String text) {
        return new Refusal(Optional.empty(), text, true);
    }

    byte[] response() {
        return ManageSieveResponses.status(ManageSieveResponses.Status.NO, code, getMessage());
    }

    boolean bad() {
        return bad;
    }
}
