package dev.mailwright.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The {@code {argon2}} encoder behind {@link PasswordHashing}: Argon2id strings go to the chosen
 * {@link Argon2idEngine}; anything else Spring's encoder can read (Argon2i, Argon2d) goes to the pure-Java engine, so
 * every stored hash keeps verifying whatever engine runs. As with Spring's encoder, an empty password never matches;
 * a password with no UTF-8 form (an unpaired surrogate, which Bouncy Castle refused with an exception) never matches
 * and cannot be set.
 *
 * <p>At most {@code mailwright.auth.max-concurrent-hashes} hashes run at once: each takes 16 MiB and a core for its
 * whole run, so a burst of logins waits its turn here instead of taking 16 MiB per waiting connection.
 */
final class Argon2idPasswordEncoder implements PasswordEncoder {
    private final Argon2idEngine engine;
    private final PureJavaArgon2id pureJava = new PureJavaArgon2id();
    private final Semaphore running;
    private final java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger mostInside = new java.util.concurrent.atomic.AtomicInteger();

    Argon2idPasswordEncoder(Argon2idEngine engine, int maxConcurrent) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("mailwright.auth.max-concurrent-hashes must be at least 1");
        }
        this.engine = engine;
        this.running = new Semaphore(maxConcurrent, true);
    }

    String engineName() {
        return engine.name();
    }

    @Override
    public String encode(CharSequence rawPassword) {
        byte[] utf8 = utf8(rawPassword).orElseThrow(() -> new IllegalArgumentException("a password must be valid Unicode"));
        return limited(() -> withWiped(utf8, engine::hash));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || rawPassword.isEmpty() || encodedPassword == null || encodedPassword.isEmpty()) {
            return false;
        }
        Optional<byte[]> utf8 = utf8(rawPassword);
        if (utf8.isEmpty()) {
            return false;
        }
        Argon2idEngine verifier = encodedPassword.startsWith(Argon2idEngine.PREFIX) ? engine : pureJava;
        return limited(() -> withWiped(utf8.get(), bytes -> verifier.verify(encodedPassword, bytes)));
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return false;   // the parameters have not changed since the first release
    }

    /** The most hashes that ever ran at once in this encoder (diagnostics and the limit's test). */
    int mostConcurrentHashes() {
        return mostInside.get();
    }

    private <T> T limited(java.util.function.Supplier<T> work) {
        running.acquireUninterruptibly();
        try {
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            return work.get();
        } finally {
            inside.decrementAndGet();
            running.release();
        }
    }

    private static <T> T withWiped(byte[] secret, java.util.function.Function<byte[], T> use) {
        try {
            return use.apply(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Empty for a password with an unpaired surrogate, which has no UTF-8 form. */
    static Optional<byte[]> utf8(CharSequence password) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(password));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            return Optional.of(bytes);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
