package dev.mailwright.imap.wire;

/** Status of a tagged or untagged status response (RFC 3501 §7.1). */
public enum Status { OK, NO, BAD, PREAUTH, BYE }
