package dev.mailwright.store;

/** The persistent IMAP system flags (RFC 3501 §2.3.2). {@code \Recent} is session state, not stored here. */
public enum SystemFlag {
    SEEN("\\Seen"), ANSWERED("\\Answered"), FLAGGED("\\Flagged"), DELETED("\\Deleted"), DRAFT("\\Draft");

    private final String imapName;

    SystemFlag(String imapName) {
        this.imapName = imapName;
    }

    public String imapName() {
        return imapName;
    }

    /** Case-insensitive lookup of {@code \Seen} etc.; empty for keywords and {@code \Recent}. */
    public static java.util.Optional<SystemFlag> fromImapName(String name) {
        for (SystemFlag f : values()) {
            if (f.imapName.equalsIgnoreCase(name)) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }
}
