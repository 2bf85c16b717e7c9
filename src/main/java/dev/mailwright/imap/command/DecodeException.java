package dev.mailwright.imap.command;

/** The client's command does not follow the grammar; answered with {@code BAD} and the session goes on. */
public final class DecodeException extends RuntimeException {
    private final String tag;

    public DecodeException(String tag, String message) {
        super(message);
        this.tag = tag;
    }

    /** The command's tag, or {@code *} when even the tag was unreadable. */
    public String tag() {
        return tag;
    }
}
