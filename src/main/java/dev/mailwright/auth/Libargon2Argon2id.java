package dev.mailwright.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * Argon2id in the reference library (Debian: libargon2-1), through JNA. Debian builds its portable code, so it is
 * slower than libsodium but still faster than the pure-Java engine and allocates nothing on the Java heap.
 */
final class Libargon2Argon2id implements Argon2idEngine {
    /** ARGON2_OK */
    private static final int OK = 0;
    private static final SecureRandom SALTS = new SecureRandom();

    /** Names and argument types as in argon2.h; {@code size_t} is a C long on the LP64 systems Debian builds for. */
    interface Argon2 extends Library {
        int argon2id_hash_encoded(int tCost, int mCost, int parallelism, byte[] pwd, NativeLong pwdlen,
                                  byte[] salt, NativeLong saltlen, NativeLong hashlen, byte[] encoded, NativeLong encodedlen);

        int argon2id_verify(byte[] encoded, byte[] pwd, NativeLong pwdlen);
    }

    private final Argon2 argon2;

    private Libargon2Argon2id(Argon2 argon2) {
        this.argon2 = argon2;
    }

    static Optional<Libargon2Argon2id> load() {
        for (String name : new String[] {"argon2", "libargon2.so.1"}) {
            try {
                return Optional.of(new Libargon2Argon2id(Native.load(name, Argon2.class)));
            } catch (UnsatisfiedLinkError e) {
                // try the next name
            }
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return "libargon2";
    }

    @Override
    public String hash(byte[] password) {
        byte[] salt = new byte[SALT_LENGTH];
        SALTS.nextBytes(salt);
        byte[] out = new byte[128];
        int result = argon2.argon2id_hash_encoded(ITERATIONS, MEMORY_KIB, PARALLELISM, password, new NativeLong(password.length),
                salt, new NativeLong(salt.length), new NativeLong(HASH_LENGTH), out, new NativeLong(out.length));
        if (result != OK) {
            throw new IllegalStateException("libargon2 could not hash a password (error " + result + ")");
        }
        return LibsodiumArgon2id.cString(out);
    }

    @Override
    public boolean verify(String phc, byte[] password) {
        if (!phc.startsWith(PREFIX)) {
            return false;
        }
        byte[] encoded = Arrays.copyOf(phc.getBytes(StandardCharsets.US_ASCII), phc.length() + 1);   // NUL-terminated
        return argon2.argon2id_verify(encoded, password, new NativeLong(password.length)) == OK;
    }
}
