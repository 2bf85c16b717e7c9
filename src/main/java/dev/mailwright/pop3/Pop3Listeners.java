package dev.mailwright.pop3;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mailwright.auth.Authenticator;
import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.net.ListenerSpec;
import dev.mailwright.net.TlsMode;
import dev.mailwright.store.MailStore;

/** The two POP3 listeners: {@code pop3} (plaintext with STLS, RFC 2595) and {@code pop3s} (implicit TLS, RFC 8314). */
@Configuration(proxyBeanMethods = false)
class Pop3Listeners {

    @Bean
    Pop3Server pop3Server(MailwrightProperties properties, MailStore store, Authenticator authenticator) {
        return Pop3Server.of(properties, store, authenticator);
    }

    @Bean
    ListenerSpec pop3Listener(MailwrightProperties properties, Pop3Server server) {
        return new ListenerSpec("pop3", properties.pop3().bind(), properties.pop3().port(), TlsMode.PLAIN,
                new Pop3ConnectionHandler(server, true),
                properties.pop3().maxConnections(), properties.pop3().maxUnauthenticated());
    }

    @Bean
    ListenerSpec pop3sListener(MailwrightProperties properties, Pop3Server server) {
        return new ListenerSpec("pop3s", properties.pop3s().bind(), properties.pop3s().port(), TlsMode.IMPLICIT,
                new Pop3ConnectionHandler(server, false),
                properties.pop3s().maxConnections(), properties.pop3s().maxUnauthenticated());
    }
}
