package dev.mailwright.auth;

import java.nio.charset.StandardCharsets;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id in Java: Spring Security's encoder over Bouncy Castle, the engine Mailwright always used. It also reads
 * Argon2i and Argon2d strings. It allocates the
 * whole memory (16 MiB) on the heap for every call; the native engines exist to avoid that and its CPU cost.
 */
final class PureJavaArgon2id implements Argon2idEngine {
    private final Argon2PasswordEncoder encoder =
            new Argon2PasswordEncoder(SALT_LENGTH, HASH_LENGTH, PARALLELISM, MEMORY_KIB, ITERATIONS);

    @Override
    public String name() {
        return "pure-java";
    }

    @Override
    public String hash(byte[] password) {
        return encoder.encode(new String(password, StandardCharsets.UTF_8));
    }

    @Override
    public boolean verify(String phc, byte[] password) {
        try {
            return encoder.matches(new String(password, StandardCharsets.UTF_8), phc);
        } catch (RuntimeException e) {
            return false;   // Bouncy Castle throws for some malformed strings (a hash shorter than 4 bytes) instead of saying no
        }
    }
}
