/**
 * POP3 (RFC 1939) with CAPA (RFC 2449), STLS (RFC 2595) and SASL PLAIN (RFC 5034): the {@code pop3} and {@code pop3s}
 * listeners. A session sees the INBOX as it was when it logged in; deletions reach the store, and through it every
 * IMAP session, only in the UPDATE state (QUIT).
 */
package dev.mailwright.pop3;
