package dev.mailwright.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Argon2id in libsodium (Debian: libsodium23), the library Dovecot hashes with: its fill loop uses SSSE3/AVX2 where
 * the CPU has them, which makes it the fastest engine here. Reached through JNA ({@code crypto_pwhash_str_alg},
 * {@code crypto_pwhash_str_verify}); its PHC strings are the same as Spring Security's (RFC 9106 parameters,
 * unpadded standard base64).
 */
final class LibsodiumArgon2id implements Argon2idEngine {
    private static final Logger log = LoggerFactory.getLogger(LibsodiumArgon2id.class);
    /** crypto_pwhash_STRBYTES: room for a PHC string with its NUL. */
    private static final int STR_BYTES = 128;
    /** crypto_pwhash_ALG_ARGON2ID13 */
    private static final int ALG_ARGON2ID13 = 2;

    /** The three functions we call; names and argument types as in sodium/crypto_pwhash.h. */
    interface Sodium extends Library {
        int sodium_init();

        int crypto_pwhash_str_alg(byte[] out, byte[] passwd, long passwdlen, long opslimit, long memlimit, int alg);

        int crypto_pwhash_str_verify(byte[] str, byte[] passwd, long passwdlen);
    }

    private final Sodium sodium;

    private LibsodiumArgon2id(Sodium sodium) {
        this.sodium = sodium;
    }

    /** Empty when libsodium is not installed (or not for this architecture). */
    static Optional<LibsodiumArgon2id> load() {
        for (String name : new String[] {"sodium", "libsodium.so.23"}) {
            try {
                Sodium sodium = Native.load(name, Sodium.class);
                if (sodium.sodium_init() < 0) {
                    log.warn("libsodium found but did not initialise; not using it");
                    return Optional.empty();
                }
                return Optional.of(new LibsodiumArgon2id(sodium));
            } catch (UnsatisfiedLinkError e) {
                // try the next name
            }
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return "libsodium";
    }

    @Override
    public String hash(byte[] password) {
        byte[] out = new byte[STR_BYTES];
        int result = sodium.crypto_pwhash_str_alg(out, password, password.length, ITERATIONS, (long) MEMORY_KIB * 1024, ALG_ARGON2ID13);
        if (result != 0) {
            throw new IllegalStateException("libsodium could not hash a password (out of memory?)");
        }
        return cString(out);
    }

    @Override
    public boolean verify(String phc, byte[] password) {
        byte[] ascii = phc.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length >= STR_BYTES || !phc.startsWith(PREFIX)) {
            return false;   // libsodium reads at most STR_BYTES; our strings are about 97
        }
        return sodium.crypto_pwhash_str_verify(Arrays.copyOf(ascii, STR_BYTES), password, password.length) == 0;
    }

    static String cString(byte[] buffer) {
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, StandardCharsets.US_ASCII);
    }
}
