package dev.mailwright.imap.processor;

import java.util.Optional;

import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.wire.Status;

/** How a command completed: the session's next state and the tagged response, written after pending updates. */
public record Outcome(ImapState state, Status status, Optional<String> code, String text) {

    public static Outcome ok(ImapState state, String text) {
        return new Outcome(state, Status.OK, Optional.empty(), text);
    }

    public static Outcome ok(ImapState state, String code, String text) {
        return new Outcome(state, Status.OK, Optional.of(code), text);
    }
}
