package dev.mailwright.delivery.client;

/** How the outbound client uses TLS with a remote server. */
public enum TlsPolicy {
    /** STARTTLS when offered, plaintext otherwise (the default towards MX hosts, RFC 3207). */
    OPPORTUNISTIC,
    /** STARTTLS required: fail the attempt (temporarily) when it is not offered or fails. */
    REQUIRED_STARTTLS,
    /** TLS from the first byte (port 465, RFC 8314). */
    IMPLICIT,
    /** Never TLS (tests, loopback relays). */
    NONE
}
