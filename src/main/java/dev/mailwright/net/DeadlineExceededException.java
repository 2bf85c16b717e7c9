package dev.mailwright.net;

import java.net.SocketTimeoutException;

/**
 * A read gave up because the client did not make progress in time, although it was not silent: a command not
 * complete within its deadline, a transfer below its minimum rate, or a session over its time budget. A
 * {@link SocketTimeoutException}, so code that only knows idle time-outs still ends the session; protocol sessions
 * catch it first to tell the client which limit it hit.
 */
public final class DeadlineExceededException extends SocketTimeoutException {

    /** Which limit was reached. */
    public enum Kind {
        /** a command line or an authentication exchange took too long */
        COMMAND,
        /** a message or literal transfer fell below its minimum rate */
        TRANSFER,
        /** the session's time budget ran out (before authentication, or MX's whole session) */
        SESSION
    }

    private final Kind kind;

    DeadlineExceededException(Kind kind) {
        super(switch (kind) {
            case COMMAND -> "command not completed in time";
            case TRANSFER -> "transfer below the minimum rate";
            case SESSION -> "session time budget exhausted";
        });
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
