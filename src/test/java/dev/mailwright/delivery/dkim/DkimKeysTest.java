package dev.mailwright.delivery.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DkimKeysTest {

    @Test
    void keyShouldBeGeneratedOnceAndSurviveARestart(@TempDir Path dir) {
        String record = new DkimKeys(dir).dnsRecord("Example.TEST");
        String again = new DkimKeys(dir).dnsRecord("example.test");

        assertThat(again).isEqualTo(record).startsWith("v=DKIM1; k=rsa; p=MII");
        assertThat(dir.resolve("example.test.key")).exists();
    }

    @Test
    void privateKeyFileShouldBeReadableByOwnerOnly(@TempDir Path dir) throws Exception {
        new DkimKeys(dir).forDomain("example.test");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("example.test.key")))).isEqualTo("rw-------");
    }

    @Test
    void reloadedKeyShouldSignWhatTheOldPublicKeyVerifies(@TempDir Path dir) {
        var original = new DkimKeys(dir).forDomain("example.test");
        var reloaded = new DkimKeys(dir).forDomain("example.test");
        byte[] message = "From: a@example.test\r\n\r\nhi\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String header = new DkimSigner(java.time.Clock.systemUTC()).sign(message, "example.test", DkimKeys.SELECTOR, reloaded.getPrivate());

        byte[] signed = (header + new String(message, java.nio.charset.StandardCharsets.US_ASCII)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(DkimTestSupport.verifierFor(original.getPublic()).verify(signed, 5).getFirst().status()).isEqualTo(DkimVerifier.Status.PASS);
    }
}
