package dev.mailwright.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

    @Test
    void certificateShouldBeGeneratedOnceAndReusedOnNextStart(@TempDir Path dir) throws Exception {
        SelfSignedCertificate first = SelfSignedCertificate.loadOrCreate(dir, "mail.example.test");
        SelfSignedCertificate second = SelfSignedCertificate.loadOrCreate(dir, "mail.example.test");

        assertThat(second.sha256Fingerprint()).isEqualTo(first.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(Files.readString(dir.resolve("self-signed.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void certificateShouldNameTheHostAndLoopback(@TempDir Path dir) throws Exception {
        X509Certificate cert = SelfSignedCertificate.loadOrCreate(dir, "mail.example.test").certificate();

        List<Object> names = cert.getSubjectAlternativeNames().stream().map(entry -> (Object) entry.get(1)).toList();
        assertThat(names).contains("mail.example.test", "localhost", "127.0.0.1");
        cert.checkValidity();
        cert.verify(cert.getPublicKey());
    }

    @Test
    void keystorePasswordFileShouldBeReadableByOwnerOnly(@TempDir Path dir) throws Exception {
        SelfSignedCertificate.loadOrCreate(dir, "mail.example.test");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("self-signed.password")))).isEqualTo("rw-------");
    }
}
