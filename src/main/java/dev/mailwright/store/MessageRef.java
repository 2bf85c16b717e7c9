package dev.mailwright.store;

/** One message in one mailbox, with the state IMAP needs for SELECT, FETCH FLAGS and CONDSTORE. */
public record MessageRef(long uid, long modseq, Flags flags) {
}
