package dev.mailwright.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** "Set up your mail app": the QR code for phones and the fingerprint of the certificate the mail listeners serve. */
@Timeout(300)
class SetupPageBrowserTest extends WebmailBrowserSupport {

    @Test
    void setupShouldShowAQrCodeOfTheProfileUrlAndTheCertificateFingerprint() throws Exception {
        signIn(ALICE, ALICE_PASSWORD);
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.folders")));
        browser.driver.get(url("/settings"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("setup-qr")));

        WebElement svg = browser.driver.findElement(By.cssSelector("#setup-qr svg"));
        assertThat(svg.getAttribute("aria-label")).isEqualTo("QR code of " + url("/settings/mail-app/mailwright.mobileconfig"));
        assertThat(svg.getSize().getWidth()).isGreaterThan(100);   // drawn, not blocked by the Content-Security-Policy
        assertThat(browser.driver.findElement(By.cssSelector("#setup-qr path")).getAttribute("d")).startsWith("M4 4h7v1h-7z");

        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(dataDir.resolve("tls/self-signed.crt"))) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        String expected = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        assertThat(browser.driver.findElement(By.id("certificate-sha256")).getText()).isEqualTo(expected);
    }
}
