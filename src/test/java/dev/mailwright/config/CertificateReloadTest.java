package dev.mailwright.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.mailwright.MailwrightApplication;
import dev.mailwright.net.LineClient;
import dev.mailwright.net.TestPorts;

/** A PEM SSL bundle with reload-on-update: replacing the files changes the certificate of the next TLS connection. */
@Timeout(300)
class CertificateReloadTest {


    private static void writePem(Path dir, String cn) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=" + cn);
        Instant now = Instant.now();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))),
                name, pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Path certTmp = dir.resolve("cert.tmp");
        Path keyTmp = dir.resolve("key.tmp");
        Files.writeString(certTmp, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Files.writeString(keyTmp, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.move(keyTmp, dir.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(certTmp, dir.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String subjectSeenByClient(int port) throws Exception {
        X509Certificate served = certificateSeenByClient(port);
        return served.getSubjectX500Principal().getName();
    }

    private static String fingerprintSeenByClient(int port) throws Exception {
        return java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(certificateSeenByClient(port).getEncoded()));
    }

    private static X509Certificate certificateSeenByClient(int port) throws Exception {
        SSLContext trustAll = LineClient.trustAll();
        try (SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void implicitTlsListenerShouldPresentTheReplacedCertificateWithoutRestart(@TempDir Path dataDir, @TempDir Path certs) throws Exception {
        writePem(certs, "first.example.test");
        int imaps = TestPorts.freePort();
        try (ConfigurableApplicationContext context = SpringApplication.run(MailwrightApplication.class,
                "--mailwright.data-dir=" + dataDir, "--server.port=0",
                "--mailwright.smtp.port=0", "--mailwright.submission.port=0", "--mailwright.submissions.port=0",
                "--mailwright.imap.port=0", "--mailwright.imaps.port=" + imaps,
                "--spring.ssl.bundle.pem.mail.keystore.certificate=" + certs.resolve("cert.pem"),
                "--spring.ssl.bundle.pem.mail.keystore.private-key=" + certs.resolve("key.pem"),
                "--spring.ssl.bundle.pem.mail.reload-on-update=true",
                "--spring.ssl.bundle.watch.file.quiet-period=200ms",
                "--mailwright.tls.bundle=mail")) {
            assertThat(subjectSeenByClient(imaps)).isEqualTo("CN=first.example.test");
            ServerTlsContext tls = context.getBean(ServerTlsContext.class);
            assertThat(tls.certificateSha256()).isEqualTo(fingerprintSeenByClient(imaps));
            String first = tls.certificateSha256();

            writePem(certs, "second.example.test");
            String seen = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!seen.equals("CN=second.example.test") && System.nanoTime() < deadline) {
                Thread.sleep(250);
                seen = subjectSeenByClient(imaps);
            }
            assertThat(seen).isEqualTo("CN=second.example.test");
            assertThat(tls.certificateSha256()).isEqualTo(fingerprintSeenByClient(imaps)).isNotEqualTo(first);
            assertThat(dataDir.resolve("tls/self-signed.crt")).doesNotExist();
        }
    }
}
