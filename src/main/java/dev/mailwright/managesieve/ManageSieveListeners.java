package dev.mailwright.managesieve;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.mailwright.auth.Authenticator;
import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.net.ListenerSpec;
import dev.mailwright.net.TlsMode;
import dev.mailwright.sieve.SieveLimits;
import dev.mailwright.store.SieveScripts;

/** The ManageSieve listener: plaintext with STARTTLS (RFC 5804 §2.2); RFC 5804 defines no implicit-TLS port. */
@Configuration(proxyBeanMethods = false)
class ManageSieveListeners {

    @Bean
    ManageSieveServer manageSieveServer(MailwrightProperties properties, SieveLimits sieveLimits, SieveScripts scripts,
                                        Authenticator authenticator) {
        return ManageSieveServer.of(properties, sieveLimits, scripts, authenticator);
    }

    @Bean
    ListenerSpec managesieveListener(MailwrightProperties properties, ManageSieveServer server) {
        return new ListenerSpec("managesieve", properties.managesieve().bind(), properties.managesieve().port(),
                TlsMode.PLAIN, new ManageSieveConnectionHandler(server),
                properties.managesieve().maxConnections(), properties.managesieve().maxUnauthenticated());
    }
}
