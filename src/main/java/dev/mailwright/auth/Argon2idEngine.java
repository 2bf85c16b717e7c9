package dev.mailwright.auth;

import java.util.List;
import java.util.Optional;

import dev.mailwright.config.MailwrightProperties.Auth.Argon2Engine;

/**
 * One implementation of Argon2id (RFC 9106) over PHC strings ({@code $argon2id$v=19$m=16384,t=2,p=1$salt$hash}, the
 * form Spring Security's {@code Argon2PasswordEncoder} has always stored for us). Every engine verifies every other
 * engine's strings: the engine is a speed choice, never a format choice.
 *
 * <p>Engines take the password as UTF-8 bytes, which {@link Argon2idPasswordEncoder} zeroes when the call returns;
 * JNA's own native copy of them for the duration of the call is freed but not zeroed.
 */
public sealed interface Argon2idEngine permits LibsodiumArgon2id, Libargon2Argon2id, PureJavaArgon2id {

    /** Mailwright's parameters (Spring Security 5.8's): 16 MiB, 2 passes, 1 lane, 16-byte salt, 32-byte hash. */
    int MEMORY_KIB = 1 << 14;
    int ITERATIONS = 2;
    int PARALLELISM = 1;
    int SALT_LENGTH = 16;
    int HASH_LENGTH = 32;
    String PREFIX = "$argon2id$";

    /** Short name for logs and the bench: {@code libsodium}, {@code libargon2}, {@code pure-java}. */
    String name();

    /** A new PHC string at Mailwright's parameters with a fresh random salt. */
    String hash(byte[] password);

    /** Whether {@code password} matches {@code phc} (any Argon2id parameters); false for a malformed string. */
    boolean verify(String phc, byte[] password);

    /** Which engine {@code mailwright.auth.argon2-engine} names; {@code AUTO} takes the fastest one this machine has. */
    public static Argon2idEngine select(Argon2Engine choice) {
        return switch (choice) {
            case AUTO -> LibsodiumArgon2id.load().map(Argon2idEngine.class::cast)
                    .or(Libargon2Argon2id::load).orElseGet(PureJavaArgon2id::new);
            case LIBSODIUM -> LibsodiumArgon2id.load().orElseThrow(() -> missing("libsodium (Debian: libsodium23)"));
            case LIBARGON2 -> Libargon2Argon2id.load().orElseThrow(() -> missing("libargon2 (Debian: libargon2-1)"));
            case PURE_JAVA -> new PureJavaArgon2id();
        };
    }

    /** Every engine this machine can run, fastest first (the bench and the cross-checking tests use it). */
    public static List<Argon2idEngine> available() {
        return java.util.stream.Stream.of(LibsodiumArgon2id.load().map(Argon2idEngine.class::cast),
                Libargon2Argon2id.load().map(Argon2idEngine.class::cast),
                Optional.<Argon2idEngine>of(new PureJavaArgon2id())).flatMap(Optional::stream).toList();
    }

    private static IllegalStateException missing(String library) {
        return new IllegalStateException("mailwright.auth.argon2-engine names " + library + ", which this machine cannot load");
    }

}
