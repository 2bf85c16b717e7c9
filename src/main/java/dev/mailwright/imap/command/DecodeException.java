package dev.mailwright.imap.command;

/** The client's command does not follow the grammar; answered with {@code BAD} and the session goes on. */
public final class DecodeException extends RuntimeException {
    private final String tag;
    private final boolean refusal;

    public DecodeException(String tag, String message) {
        this(tag, message, false);
    }

    private DecodeException(String tag, String message, boolean refusal) {
        super(message);
        this.tag = tag;
        this.refusal = refusal;
    }

    /**
     * Well-formed, but naming what cannot exist (a mailbox name that is not valid modified UTF-7, RFC 3501 §5.1.3):
     * answered with {@code NO}, and not counted as a client error.
     */
    public static DecodeException refusal(String tag, String message) {
        return new DecodeException(tag, message, true);
    }

    public boolean isRefusal() {
        return refusal;
    }

    /** The command's tag, or {@code *} when even the tag was unreadable. */
    public String tag() {
        return tag;
    }
}
