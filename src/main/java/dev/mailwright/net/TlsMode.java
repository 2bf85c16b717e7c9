package dev.mailwright.net;

/** How a listener starts: in plaintext (STARTTLS may follow), or with TLS from the first byte (RFC 8314). */
public enum TlsMode { PLAIN, IMPLICIT }
