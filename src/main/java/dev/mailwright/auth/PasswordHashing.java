package dev.mailwright.auth;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Passwords are stored as {@code {argon2}...} (Argon2id, Spring Security's current recommended
 * parameters). The prefix lets us change the KDF later and still verify older hashes.
 */
@Configuration(proxyBeanMethods = false)
class PasswordHashing {

    static final String CURRENT = "argon2";

    @Bean
    PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder(CURRENT,
                Map.of(CURRENT, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()));
    }
}
