package dev.mailwright.inbound.spam;

import java.util.Optional;

/**
 * What the connection checks learnt about a client when it connected. {@code refusal}: the session is refused at once
 * (421, rate limit). {@code blockedBy}: a block-list zone that lists it (refused at RCPT, so postmaster still hears).
 * {@code trusted}: exempt network or allow-listed, so no block list or greylisting applies.
 */
public record Admission(Optional<Refusal> refusal, ReverseDns.Check reverseDns, Optional<String> blockedBy,
                        boolean trusted) {

    /** The Received: {@code from} clause's TCP-info: {@code (name [ip])} or {@code ([ip])}, and the FCrDNS result. */
    public String receivedTcpInfo(String addressLiteral) {
        String name = reverseDns.name().isEmpty() ? "" : reverseDns.name() + " ";
        return "(" + name + "[" + addressLiteral + "]) (" + reverseDns.comment() + ")";
    }

    /** The client's confirmed name (FCrDNS pass), if any. */
    public Optional<String> verifiedName() {
        return reverseDns.name().isEmpty() ? Optional.empty() : Optional.of(reverseDns.name());
    }
}
