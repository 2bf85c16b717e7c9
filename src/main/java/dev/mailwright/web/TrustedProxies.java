package dev.mailwright.web;

import java.util.List;

import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * {@code X-Forwarded-For} / {@code X-Forwarded-Proto} are believed only from the addresses in
 * {@code mailwright.reverse-proxy.trusted-addresses}. With {@code server.forward-headers-strategy=native} Spring Boot
 * installs Tomcat's remote-IP valve trusting every private and loopback address; this narrows it to the configured
 * proxies (none by default: nobody can claim to be a TLS proxy). A request the trusted proxy forwards as HTTPS is
 * secure, so its session cookie gets {@code Secure}, and the client address used for sign-in throttling is the real
 * client's.
 */
@Component
class TrustedProxies implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {
    private final List<String> trusted;

    TrustedProxies(MailwrightProperties properties) {
        this.trusted = properties.reverseProxy().trustedAddresses();
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        if (factory instanceof TomcatWebServerFactory tomcat) {
            tomcat.getEngineValves().stream().filter(RemoteIpValve.class::isInstance).map(RemoteIpValve.class::cast)
                    .forEach(valve -> {
                        // addresses and CIDR blocks, comma separated: Tomcat matches them as net masks, not as a regex
                        valve.setInternalProxies(String.join(",", trusted));
                        valve.setTrustedProxies(null);
                    });
        }
    }

    /** After Spring Boot's own Tomcat customizer, which adds the valve. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
