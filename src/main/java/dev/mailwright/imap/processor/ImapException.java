package dev.mailwright.imap.processor;

import java.util.Optional;

import dev.mailwright.imap.wire.Status;

/** A command that cannot be done; goes on the wire as its tagged {@code NO} or {@code BAD} as it is. */
public final class ImapException extends RuntimeException {
    private final Status status;
    private final Optional<String> code;

    public ImapException(Status status, Optional<String> code, String text) {
        super(text);
        this.status = status;
        this.code = code;
    }

    public static ImapException no(String code, String text) {
        return new ImapException(Status.NO, Optional.of(code), text);
    }

    public static ImapException no(String text) {
        return new ImapException(Status.NO, Optional.empty(), text);
    }

    public static ImapException bad(String text) {
        return new ImapException(Status.BAD, Optional.empty(), text);
    }

    public Status status() {
        return status;
    }

    public Optional<String> code() {
        return code;
    }
}
