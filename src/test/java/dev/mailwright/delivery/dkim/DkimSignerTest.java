package dev.mailwright.delivery.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DkimSignerTest {
    private static KeyPair keys;
    private final DkimSigner signer = new DkimSigner(Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC));

    private static final String MESSAGE = "From: Alice <alice@example.test>\r\n"
            + "To: bob@other.test\r\n"
            + "Subject:  Hello   world \r\n"
            + "Date: Fri, 27 Nov 2026 10:00:00 +0000\r\n"
            + "Message-ID: <1@example.test>\r\n"
            + "\r\n"
            + "Hi Bob,  \r\n"
            + "\r\n"
            + "see you\t \tsoon.\r\n"
            + "\r\n"
            + "\r\n";

    @BeforeAll
    static void generateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    private static byte[] signed(String header, String message) {
        return (header + message).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static DkimVerifier.Result verify(byte[] message) {
        return DkimTestSupport.verifierFor(keys.getPublic()).verify(message, 5).getFirst();
    }

    @Test
    void signatureShouldVerifyWithThePublicKey() {
        String header = signer.sign(MESSAGE.getBytes(StandardCharsets.ISO_8859_1), "example.test", "mailwright", keys.getPrivate());

        assertThat(header).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test; s=mailwright;")
                .contains("t=" + Instant.parse("2026-11-27T10:00:00Z").getEpochSecond() + ";").contains("h=from:subject:date:to:message-id").endsWith("\r\n");
        assertThat(verify(signed(header, MESSAGE))).extracting(DkimVerifier.Result::status, DkimVerifier.Result::domain, DkimVerifier.Result::selector)
                .containsExactly(DkimVerifier.Status.PASS, "example.test", "mailwright");
    }

    @Test
    void relaxedCanonicalizationShouldTolerateWhitespaceChangesInTransit() {
        String header = signer.sign(MESSAGE.getBytes(StandardCharsets.ISO_8859_1), "example.test", "mailwright", keys.getPrivate());
        String rewrapped = MESSAGE.replace("Subject:  Hello   world \r\n", "subject: Hello\r\n world\r\n")
                .replace("Hi Bob,  \r\n", "Hi  Bob,\r\n") + "\r\n\r\n";

        assertThat(verify(signed(header, rewrapped)).status()).isEqualTo(DkimVerifier.Status.PASS);
    }

    @Test
    void verificationShouldFailWhenBodyChanges() {
        String header = signer.sign(MESSAGE.getBytes(StandardCharsets.ISO_8859_1), "example.test", "mailwright", keys.getPrivate());

        assertThat(verify(signed(header, MESSAGE.replace("soon", "never"))))
                .extracting(DkimVerifier.Result::status, DkimVerifier.Result::reason).containsExactly(DkimVerifier.Status.FAIL, "body hash mismatch");
    }

    @Test
    void verificationShouldFailWhenASignedHeaderChanges() {
        String header = signer.sign(MESSAGE.getBytes(StandardCharsets.ISO_8859_1), "example.test", "mailwright", keys.getPrivate());

        assertThat(verify(signed(header, MESSAGE.replace("Alice <alice", "Mallory <alice"))))
                .extracting(DkimVerifier.Result::status, DkimVerifier.Result::reason).containsExactly(DkimVerifier.Status.FAIL, "signature did not verify");
    }

    @Test
    void bodyCanonicalizationShouldFollowRfc6376ForBothAlgorithms() throws Exception {
        // RFC 6376 §3.4.5's example body, relaxed and simple
        String body = " C \r\nD \t E\r\n\r\n\r\n";
        assertThat(canonicalHash(body, true)).isEqualTo(sha256(" C\r\nD E\r\n"));
        assertThat(canonicalHash(body, false)).isEqualTo(sha256(" C \r\nD \t E\r\n"));
        assertThat(canonicalHash("\r\n\r\n", true)).isEqualTo(sha256(""));
        assertThat(canonicalHash("", false)).isEqualTo(sha256("\r\n"));
        assertThat(canonicalHash("no final line break", false)).isEqualTo(sha256("no final line break\r\n"));
        assertThat(BodyCanonicalizer.hash(new java.io.ByteArrayInputStream("abc\r\ndef\r\n".getBytes(StandardCharsets.US_ASCII)), true, 5))
                .satisfies(h -> {
                    assertThat(h.canonicalLength()).isEqualTo(10);
                    assertThat(h.sha256()).isEqualTo(sha256("abc\r\n"));
                });
    }

    private static byte[] canonicalHash(String body, boolean relaxed) throws Exception {
        return BodyCanonicalizer.hash(new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), relaxed, Long.MAX_VALUE).sha256();
    }

    private static byte[] sha256(String text) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void ed25519KeysShouldSignWithEd25519Sha256ThatVerifies() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String header = signer.sign(MESSAGE.getBytes(StandardCharsets.ISO_8859_1), "example.test", "ed", ed.getPrivate());

        assertThat(header).contains("a=ed25519-sha256;");
        assertThat(DkimTestSupport.verifierFor(ed.getPublic()).verify(signed(header, MESSAGE), 5).getFirst().status())
                .isEqualTo(DkimVerifier.Status.PASS);
    }

    @Test
    void contentAfterTheSignedBodyLengthShouldNotCountAsAPass() {
        byte[] original = MESSAGE.getBytes(StandardCharsets.ISO_8859_1);
        String header = DkimTestSupport.signWithBodyLength(original, "example.test", "mailwright", keys.getPrivate(), 10);
        assertThat(verify(signed(header, MESSAGE)).status()).isEqualTo(DkimVerifier.Status.POLICY);
        String exact = DkimTestSupport.signWithBodyLength(original, "example.test", "mailwright", keys.getPrivate(), 26);   // "Hi Bob,\r\n\r\nsee you soon.\r\n": the whole relaxed body
        assertThat(verify(signed(exact, MESSAGE)).status()).isEqualTo(DkimVerifier.Status.PASS);
    }

    @Test
    void relaxedHeaderShouldUnfoldLowercaseAndTrim() {
        assertThat(DkimCanonicalizer.relaxedHeader("SubJect :  Hello\r\n\t  world  ")).isEqualTo("subject:Hello world");
    }
}
