package dev.mailwright.store;

import java.util.Optional;

/** One right of RFC 4314 §2.1, in the order the RFC lists them (also the order rights are written in). */
public enum Right {
    /** {@code l}: the mailbox is visible to LIST/LSUB and may be subscribed. */
    LOOKUP('l'),
    /** {@code r}: SELECT, EXAMINE, STATUS, FETCH, SEARCH, COPY from. */
    READ('r'),
    /** {@code s}: keep \Seen (set and clear it). */
    KEEP_SEEN('s'),
    /** {@code w}: set and clear flags other than \Seen and \Deleted. */
    WRITE('w'),
    /** {@code i}: APPEND and COPY into. */
    INSERT('i'),
    /** {@code p}: post to the mailbox by mail (a delivery the recipient's Sieve script files into a shared mailbox). */
    POST('p'),
    /** {@code k}: create mailboxes below it, and be the new parent of a RENAME. */
    CREATE_MAILBOX('k'),
    /** {@code x}: DELETE the mailbox, RENAME it away. */
    DELETE_MAILBOX('x'),
    /** {@code t}: set and clear \Deleted. */
    DELETE_MESSAGES('t'),
    /** {@code e}: EXPUNGE (and CLOSE expunges). */
    EXPUNGE('e'),
    /** {@code a}: SETACL, DELETEACL, GETACL, LISTRIGHTS. */
    ADMINISTER('a');

    private final char letter;

    Right(char letter) {
        this.letter = letter;
    }

    public char letter() {
        return letter;
    }

    public static Optional<Right> of(char letter) {
        for (Right right : values()) {
            if (right.letter == letter) {
                return Optional.of(right);
            }
        }
        return Optional.empty();
    }
}
