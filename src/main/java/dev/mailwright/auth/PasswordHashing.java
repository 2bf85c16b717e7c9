package dev.mailwright.auth;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.mailwright.config.MailwrightProperties;

/**
 * Passwords are stored as {@code {argon2}...} (Argon2id, Spring Security 5.8's parameters: 16 MiB, 2 passes, 1 lane).
 * The prefix lets us change the KDF later and still verify older hashes. The hashing itself runs in the fastest
 * {@link Argon2idEngine} the machine has ({@code mailwright.auth.argon2-engine}); all of them read and write the same
 * strings.
 */
@Configuration(proxyBeanMethods = false)
class PasswordHashing {
    private static final Logger log = LoggerFactory.getLogger(PasswordHashing.class);

    static final String CURRENT = "argon2";

    @Bean
    PasswordEncoder passwordEncoder(MailwrightProperties properties) {
        Argon2idEngine engine = Argon2idEngine.select(properties.auth().argon2Engine());
        log.info("Argon2id password hashing by {}, at most {} at once", engine.name(), properties.auth().hashConcurrency());
        return new DelegatingPasswordEncoder(CURRENT,
                Map.of(CURRENT, new Argon2idPasswordEncoder(engine, properties.auth().hashConcurrency())));
    }
}
