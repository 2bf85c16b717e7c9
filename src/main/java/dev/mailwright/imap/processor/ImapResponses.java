package dev.mailwright.imap.processor;

/** Response texts and codes used by more than one command, in one place (STYLE §4). */
public final class ImapResponses {
    public static final String NO_SUCH_MAILBOX = "No such mailbox";
    public static final String READ_ONLY = "Mailbox is read-only";
    public static final String BAD_SEQUENCE = "Invalid message sequence number";
    public static final String NOT_AUTHENTICATED = "not authenticated";
    public static final String NO_MAILBOX_SELECTED = "no mailbox selected";
    public static final String ALREADY_AUTHENTICATED = "already authenticated";

    public static final String CODE_NONEXISTENT = "NONEXISTENT";
    public static final String CODE_TRYCREATE = "TRYCREATE";
    public static final String CODE_READ_ONLY = "READ-ONLY";
    public static final String CODE_PRIVACY_REQUIRED = "PRIVACYREQUIRED";
    public static final String CODE_EXPUNGEISSUED = "EXPUNGEISSUED";
    /** RFC 5530 §3: the command went past a server limit. */
    public static final String CODE_LIMIT = "LIMIT";

    private ImapResponses() {
    }

    /** One wording for every command sent in a state that does not allow it (RFC 3501 §6: BAD). */
    public static ImapException wrongState(String command, String why) {
        return ImapException.bad(command + " not allowed in this state: " + why);
    }

    static ImapException readOnly() {
        return ImapException.no(CODE_READ_ONLY, READ_ONLY);
    }

    static ImapException badSequence() {
        return ImapException.bad(BAD_SEQUENCE);
    }
}
