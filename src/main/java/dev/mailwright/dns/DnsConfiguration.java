package dev.mailwright.dns;

import java.time.Clock;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mailwright.config.MailwrightProperties;

/** The shared resolver. {@code mailwright.dns.servers} wins; the older {@code mailwright.delivery.dns-servers} still works. */
@Configuration(proxyBeanMethods = false)
class DnsConfiguration {

    @Bean
    DnsResolver dnsResolver(MailwrightProperties properties) {
        List<String> servers = properties.dns().servers().isEmpty() ? properties.delivery().dnsServers() : properties.dns().servers();
        return DnsResolver.forServers(servers, properties.dns(), Clock.systemUTC());
    }
}
