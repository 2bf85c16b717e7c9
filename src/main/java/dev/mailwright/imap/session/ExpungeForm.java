package dev.mailwright.imap.session;

/** How a session tells its client about removed messages: {@code * n EXPUNGE}, or {@code * VANISHED uids} (QRESYNC). */
public enum ExpungeForm { EXPUNGE, VANISHED }
