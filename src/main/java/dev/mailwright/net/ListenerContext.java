package dev.mailwright.net;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** What every connection of one listener shares: its spec, the limits and its own gate, TLS, the open set. */
record ListenerContext(ListenerSpec spec, ConnectionLimiter limiter, ConnectionLimiter.Gate gate, TlsContextSource tls,
                       Duration handshakeTimeout, Set<MailConnection> open, AtomicLong sequence) {

    /** {@code smtp-17}: listener name and a per-listener counter. */
    String nextId() {
        return spec.name() + "-" + sequence.incrementAndGet();
    }
}
