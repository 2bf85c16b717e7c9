package dev.mailwright.delivery.route;

import java.util.List;
import java.util.Optional;

import dev.mailwright.delivery.client.SmtpClient.Credentials;
import dev.mailwright.delivery.client.TlsPolicy;

/** Where mail for one recipient domain goes: hosts to try in order, on one port, with one TLS policy. */
public record OutboundRoute(List<String> hosts, int port, TlsPolicy tls, Optional<Credentials> credentials) {

    /** A key that groups recipients that can share one connection. */
    public String connectionKey() {
        return String.join(",", hosts) + ":" + port + ":" + tls;
    }
}
