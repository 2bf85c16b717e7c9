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
    private final DkimVerifier verifier = new DkimVerifier();

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

    @Test
    void signatureShouldVerifyWithThePublicKey() {
        String header = signer.sign(MESSAGE.getBytes(StandardCharsets.ISO_8859_1), "example.test", "mailwright", keys.getPrivate());

        assertThat(header).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test; s=mailwright;")
                .contains("t=" + Instant.parse("2026-11-27T10:00:00Z").getEpochSecond() + ";").contains("h=from:subject:date:to:message-id").endsWith("\r\n");
        assertThat(verifier.verify(signed(header, MESSAGE), keys.getPublic()))
                .isEqualTo(new DkimVerifier.Result.Pass("example.test", "mailwright"));
    }

    @Test
    void relaxedCanonicalizationShouldTolerateWhitespaceChangesInTransit() {
        String header = signer.sign(MESSAGE.getBytes(StandardCharsets.ISO_8859_1), "example.test", "mailwright", keys.getPrivate());
        String rewrapped = MESSAGE.replace("Subject:  Hello   world \r\n", "subject: Hello\r\n world\r\n")
                .replace("Hi Bob,  \r\n", "Hi  Bob,\r\n") + "\r\n\r\n";

        assertThat(verifier.verify(signed(header, rewrapped), keys.getPublic())).isInstanceOf(DkimVerifier.Result.Pass.class);
    }

    @Test
    void verificationShouldFailWhenBodyChanges() {
        String header = signer.sign(MESSAGE.getBytes(StandardCharsets.ISO_8859_1), "example.test", "mailwright", keys.getPrivate());

        assertThat(verifier.verify(signed(header, MESSAGE.replace("soon", "never")), keys.getPublic()))
                .isEqualTo(new DkimVerifier.Result.Fail("body hash mismatch"));
    }

    @Test
    void verificationShouldFailWhenASignedHeaderChanges() {
        String header = signer.sign(MESSAGE.getBytes(StandardCharsets.ISO_8859_1), "example.test", "mailwright", keys.getPrivate());

        assertThat(verifier.verify(signed(header, MESSAGE.replace("Alice <alice", "Mallory <alice")), keys.getPublic()))
                .isEqualTo(new DkimVerifier.Result.Fail("signature mismatch"));
    }

    @Test
    void relaxedBodyShouldReduceWhitespaceAndDropTrailingEmptyLines() {
        byte[] body = "a  b \t\r\n\r\n c\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(DkimCanonicalizer.relaxedBody(body, 0), StandardCharsets.US_ASCII)).isEqualTo("a b\r\n\r\n c\r\n");
        assertThat(DkimCanonicalizer.relaxedBody("\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0)).isEmpty();
    }

    @Test
    void relaxedHeaderShouldUnfoldLowercaseAndTrim() {
        assertThat(DkimCanonicalizer.relaxedHeader("SubJect :  Hello\r\n\t  world  ")).isEqualTo("subject:Hello world");
    }
}
