package dev.mailwright.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class SaslPlainTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodeShouldReturnCredentialsWhenAuthzidIsEmpty() {
        assertThat(SaslPlain.decode(b64("\0alice@example.test\0s3cret")))
                .contains(new SaslPlain.Credentials("alice@example.test", "s3cret"));
    }

    @Test
    void decodeShouldAcceptAuthzidEqualToAuthcid() {
        assertThat(SaslPlain.decode(b64("alice@example.test\0alice@example.test\0pw")))
                .contains(new SaslPlain.Credentials("alice@example.test", "alice@example.test", "pw"));
    }

    @Test
    void proxyAuthorizationShouldDecodeButNotActAsItself() {
        SaslPlain.Credentials proxy = SaslPlain.decode(b64("bob@example.test\0alice@example.test\0pw")).orElseThrow();
        assertThat(proxy.authorizationId()).isEqualTo("bob@example.test");
        assertThat(proxy.actsAsItself()).isFalse();
        assertThat(SaslPlain.decode(b64("\0alice@example.test\0pw")).orElseThrow().actsAsItself()).isTrue();
        assertThat(SaslPlain.decode(b64("ALICE@example.test\0alice@example.test\0pw")).orElseThrow().actsAsItself()).isTrue();
    }

    @Test
    void decodeShouldRefuseMalformedResponses() {
        assertThat(SaslPlain.decode("not base64!")).isEmpty();
        assertThat(SaslPlain.decode(b64("alice"))).isEmpty();
        assertThat(SaslPlain.decode(b64("\0\0pw"))).isEmpty();
        assertThat(SaslPlain.decode(b64("\0alice\0pw\0extra"))).isEmpty();
    }

    @Test
    void decodeShouldKeepUtf8Passwords() {
        assertThat(SaslPlain.decode(b64("\0alice@example.test\0pässwörd")).orElseThrow().password()).isEqualTo("pässwörd");
    }

    @Test
    void credentialsToStringShouldNotRevealPassword() {
        assertThat(new SaslPlain.Credentials("alice", "hunter2").toString()).doesNotContain("hunter2");
    }

    @Test
    void decodeLoginLineShouldDecodeBase64AndRefuseGarbage() {
        assertThat(SaslPlain.decodeLoginLine(b64("alice@example.test"))).contains("alice@example.test");
        assertThat(SaslPlain.decodeLoginLine("***")).isEmpty();
    }
}
