package dev.mailwright.delivery.route;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.config.MailwrightProperties.OutboundTls;
import dev.mailwright.config.MailwrightProperties.Relay;
import dev.mailwright.config.MailwrightProperties.Route;
import dev.mailwright.delivery.client.SmtpClient.Credentials;
import dev.mailwright.delivery.client.TlsPolicy;

/** Chooses the route for a recipient domain: a configured static route, else the smarthost, else MX. */
public final class OutboundRouter {
    private final MailwrightProperties.Delivery config;
    private final MxResolver mx;

    public OutboundRouter(MailwrightProperties.Delivery config, MxResolver mx) {
        this.config = config;
        this.mx = mx;
    }

    public sealed interface Decision {
        record Deliver(OutboundRoute route) implements Decision {
        }

        record Permanent(String reason) implements Decision {
        }

        record Temporary(String reason) implements Decision {
        }
    }

    public Decision route(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        for (Route r : config.routes()) {
            if (r.domain() != null && r.domain().equalsIgnoreCase(d)) {
                return new Decision.Deliver(new OutboundRoute(List.of(r.host()), r.port(), policy(r.tls()),
                        credentials(r.username(), r.password())));
            }
        }
        Relay smarthost = config.smarthost();
        if (smarthost.host() != null && !smarthost.host().isBlank()) {
            return new Decision.Deliver(new OutboundRoute(List.of(smarthost.host()), smarthost.port(), policy(smarthost.tls()),
                    credentials(smarthost.username(), smarthost.password())));
        }
        return switch (mx.resolve(d)) {
            case MxResolver.MxResult.Hosts hosts -> new Decision.Deliver(new OutboundRoute(hosts.hosts(), 25, policy(config.tls()), Optional.empty()));
            case MxResolver.MxResult.NoMail noMail -> new Decision.Permanent(noMail.reason());
            case MxResolver.MxResult.TryAgain tryAgain -> new Decision.Temporary(tryAgain.reason());
        };
    }

    static TlsPolicy policy(OutboundTls tls) {
        return switch (tls) {
            case OPPORTUNISTIC -> TlsPolicy.OPPORTUNISTIC;
            case REQUIRED_STARTTLS -> TlsPolicy.REQUIRED_STARTTLS;
            case IMPLICIT -> TlsPolicy.IMPLICIT;
            case NONE -> TlsPolicy.NONE;
        };
    }

    private static Optional<Credentials> credentials(String username, String password) {
        return username == null || username.isBlank() ? Optional.empty() : Optional.of(new Credentials(username, password));
    }
}
