package dev.mailwright.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

import dev.mailwright.config.MailwrightProperties.Auth.Argon2Engine;

/**
 * Every Argon2id engine against the RFC 9106 test vector, the reference implementation's known answer, and the
 * strings the encoder Mailwright used before (Spring Security's over Bouncy Castle): stored hashes keep verifying,
 * and new ones verify with the old code. CI installs libsodium23 and libargon2-1 (.ci/run), so all three engines
 * run here. About a hundred 16 MiB hashes: under 40 s on the loaded 2-core machine.
 */
class Argon2idEngineTest {
    private static final Argon2PasswordEncoder LEGACY = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** RFC 9106 §5.3: Argon2id, t=3, m=32 KiB, p=4, P=32×01, S=16×02, K=8×03, X=12×04. */
    private static final String RFC9106_TAG = "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659";

    @Test
    void everyEngineShouldBeAvailableWhereCiRuns() {
        assertThat(Argon2idEngine.available()).extracting(Argon2idEngine::name)
                .containsExactly("libsodium", "libargon2", "pure-java");
        assertThat(Argon2idEngine.select(Argon2Engine.AUTO).name()).isEqualTo("libsodium");
    }

    @Test
    void rfc9106VectorShouldComeOutOfBouncyCastleAndLibargon2() {
        byte[] password = filled(32, 0x01);
        byte[] salt = filled(16, 0x02);
        byte[] secret = filled(8, 0x03);
        byte[] associated = filled(12, 0x04);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withIterations(3).withMemoryAsKB(32).withParallelism(4).withSalt(salt).withSecret(secret)
                .withAdditional(associated).build());
        byte[] tag = new byte[32];
        generator.generateBytes(password, tag);
        assertThat(HexFormat.of().formatHex(tag)).isEqualTo(RFC9106_TAG);

        assertThat(HexFormat.of().formatHex(Libargon2Context.hash(password, salt, secret, associated, 3, 32, 4, 32)))
                .isEqualTo(RFC9106_TAG);
    }

    /** The reference implementation's own known answer (its test suite, argon2id v1.3, t=2, m=64 MiB, p=1). */
    @Test
    void referenceKnownAnswerShouldVerifyInEveryEngine() {
        String known = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        for (Argon2idEngine engine : Argon2idEngine.available()) {
            assertThat(engine.verify(known, utf8("password"))).as(engine.name()).isTrue();
            assertThat(engine.verify(known, utf8("passwore"))).as(engine.name()).isFalse();
        }
    }

    @Test
    void hashesOfTheOldEncoderShouldVerifyInEveryEngineAndEveryEngineHashShouldVerifyInTheOldEncoder() {
        List<String> passwords = List.of("secret", "pässwörd ✓ 密码", "a".repeat(300) + "\t ");
        for (Argon2idEngine engine : Argon2idEngine.available()) {
            for (String password : passwords) {
                String old = LEGACY.encode(password);
                assertThat(engine.verify(old, utf8(password))).as(engine.name() + " verifies the old hash").isTrue();
                assertThat(engine.verify(old, utf8(password + "x"))).as(engine.name() + " refuses a wrong password").isFalse();

                String fresh = engine.hash(utf8(password));
                assertThat(fresh).as(engine.name()).startsWith("$argon2id$v=19$m=16384,t=2,p=1$");
                assertThat(LEGACY.matches(password, fresh)).as("old code verifies " + engine.name() + "'s hash").isTrue();
                assertThat(LEGACY.matches(password + "x", fresh)).isFalse();
                for (Argon2idEngine other : Argon2idEngine.available()) {
                    assertThat(other.verify(fresh, utf8(password))).as(other.name() + " verifies " + engine.name()).isTrue();
                }
            }
        }
    }

    @Test
    void malformedStringsShouldNotVerify() {
        for (Argon2idEngine engine : Argon2idEngine.available()) {
            for (String bad : List.of("", "$argon2id$", "$argon2id$v=19$m=16384,t=2,p=1$!!!$!!!", "plain",
                    "$argon2id$v=19$m=16384,t=2,p=1$" + "A".repeat(200) + "$AAAA")) {
                assertThat(engine.verify(bad, utf8("secret"))).as(engine.name() + " " + bad).isFalse();
            }
        }
    }

    @Test
    void encoderShouldVerifyStoredArgon2iAndRefuseEmptyAndInvalidPasswords() {
        Argon2idPasswordEncoder encoder = new Argon2idPasswordEncoder(Argon2idEngine.select(Argon2Engine.AUTO), 2);
        String stored = encoder.encode("ab?cd");
        assertThat(encoder.matches("ab?cd", stored)).isTrue();
        assertThat(encoder.matches("ab\uD800cd", stored)).as("an unpaired surrogate is not the replacement character").isFalse();
        assertThatThrownBy(() -> encoder.encode("ab\uD800cd")).isInstanceOf(IllegalArgumentException.class);
        assertThat(encoder.matches("", encoder.encode("x"))).as("empty never matches, as with Spring's encoder").isFalse();

        String argon2iStored = encodeArgon2i("secret");   // Spring writes Argon2id only; older tools wrote Argon2i
        assertThat(encoder.matches("secret", argon2iStored)).isTrue();
        assertThat(encoder.matches("wrong", argon2iStored)).isFalse();
        assertThat(encoder.matches("secret", null)).isFalse();
        assertThat(encoder.matches(null, stored)).isFalse();
    }

    @Test
    void noMoreHashesThanMaxConcurrentHashesShouldRunAtOnce() throws Exception {
        Argon2idPasswordEncoder one = new Argon2idPasswordEncoder(Argon2idEngine.select(Argon2Engine.AUTO), 1);
        String stored = one.encode("secret");
        java.util.concurrent.atomic.AtomicInteger verified = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 3; i++) {
                    if (one.matches("secret", stored)) {
                        verified.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(verified).hasValue(12);
        assertThat(one.mostConcurrentHashes()).isEqualTo(1);
        assertThatThrownBy(() -> new Argon2idPasswordEncoder(Argon2idEngine.select(Argon2Engine.AUTO), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String encodeArgon2i(String password) {
        byte[] salt = filled(16, 0x05);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_i).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withIterations(2).withMemoryAsKB(1 << 12).withParallelism(1).withSalt(salt).build());
        byte[] hash = new byte[32];
        generator.generateBytes(utf8(password), hash);
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder().withoutPadding();
        return "$argon2i$v=19$m=4096,t=2,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** argon2id_ctx of libargon2: the only entry point that takes the secret and associated data of RFC 9106's vector. */
    static final class Libargon2Context {
        interface Ctx extends Library {
            int argon2id_ctx(Context context);
        }

        /** {@code argon2_context} of argon2.h (20171227), field for field. */
        @Structure.FieldOrder({"out", "outlen", "pwd", "pwdlen", "salt", "saltlen", "secret", "secretlen", "ad", "adlen",
                "t_cost", "m_cost", "lanes", "threads", "version", "allocate_cbk", "free_cbk", "flags"})
        public static final class Context extends Structure {
            public Pointer out;
            public int outlen;
            public Pointer pwd;
            public int pwdlen;
            public Pointer salt;
            public int saltlen;
            public Pointer secret;
            public int secretlen;
            public Pointer ad;
            public int adlen;
            public int t_cost;
            public int m_cost;
            public int lanes;
            public int threads;
            public int version;
            public Pointer allocate_cbk;
            public Pointer free_cbk;
            public int flags;
        }

        static byte[] hash(byte[] password, byte[] salt, byte[] secret, byte[] ad, int t, int mKib, int lanes, int tagLength) {
            Ctx lib = Native.load("libargon2.so.1", Ctx.class);
            Context c = new Context();
            Memory out = new Memory(tagLength);
            c.out = out;
            c.outlen = tagLength;
            c.pwd = copy(password);
            c.pwdlen = password.length;
            c.salt = copy(salt);
            c.saltlen = salt.length;
            c.secret = copy(secret);
            c.secretlen = secret.length;
            c.ad = copy(ad);
            c.adlen = ad.length;
            c.t_cost = t;
            c.m_cost = mKib;
            c.lanes = lanes;
            c.threads = 1;
            c.version = 0x13;
            assertThat(lib.argon2id_ctx(c)).isZero();
            return out.getByteArray(0, tagLength);
        }

        private static Memory copy(byte[] bytes) {
            Memory memory = new Memory(bytes.length);
            memory.write(0, bytes, 0, bytes.length);
            return memory;
        }
    }
}
