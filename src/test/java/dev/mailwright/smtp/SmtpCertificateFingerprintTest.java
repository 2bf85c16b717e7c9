package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

import dev.mailwright.config.ServerTlsContext;

/** The fingerprint the setup page shows is the one of the certificate a mail client really receives. */
@Timeout(120)
class SmtpCertificateFingerprintTest extends SmtpServerTestSupport {
    @Autowired
    ServerTlsContext tls;

    @Test
    void shownFingerprintShouldMatchTheCertificateServedOnImplicitTls() throws Exception {
        try (SSLSocket socket = (SSLSocket) RawSmtpClient.trustAll().getSocketFactory().createSocket("127.0.0.1", SUBMISSIONS_PORT)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            byte[] served = socket.getSession().getPeerCertificates()[0].getEncoded();
            String fingerprint = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(served));

            assertThat(tls.certificateSha256()).isEqualTo(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        }
    }
}
