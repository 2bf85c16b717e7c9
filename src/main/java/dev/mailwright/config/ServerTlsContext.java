package dev.mailwright.config;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;

import dev.mailwright.net.TlsContextSource;

/**
 * The TLS server context of every mail listener: the Spring Boot SSL bundle named by
 * {@code mailwright.tls.bundle} (reloaded when the bundle's files change, if the bundle has
 * {@code reload-on-update: true}), else a self-signed certificate generated once under
 * {@code <data-dir>/tls}.
 */
@Component
public class ServerTlsContext implements TlsContextSource {
    private static final Logger log = LoggerFactory.getLogger(ServerTlsContext.class);

    private final AtomicReference<SSLContext> current = new AtomicReference<>();
    private final String description;
    private final AtomicReference<String> fingerprint = new AtomicReference<>("");

    ServerTlsContext(MailwrightProperties properties, SslBundles bundles) throws IOException, GeneralSecurityException {
        String bundleName = properties.tls().bundle();
        if (bundleName != null && !bundleName.isBlank()) {
            SslBundle bundle = bundles.getBundle(bundleName);
            current.set(bundle.createSslContext());
            fingerprint.set(fingerprintOf(bundle));
            bundles.addBundleUpdateHandler(bundleName, this::reload);
            description = "SSL bundle '" + bundleName + "'";
        } else {
            SelfSignedCertificate cert = SelfSignedCertificate.loadOrCreate(properties.dataDir().resolve("tls"), properties.hostname());
            current.set(contextFor(cert));
            fingerprint.set(cert.sha256Fingerprint());
            description = "self-signed certificate " + properties.dataDir().resolve("tls/self-signed.crt")
                    + " (SHA-256 " + cert.sha256Fingerprint() + ")";
        }
        log.info("TLS: {}", description);
    }

    @Override
    public SSLContext serverContext() {
        return current.get();
    }

    /** Human-readable origin of the certificate, for logs and the setup page. */
    public String description() {
        return description;
    }

    /**
     * SHA-256 of the certificate the listeners serve now (colon-separated upper-case hex), for the setup page: users
     * of a self-signed certificate compare it with what their mail app shows. Empty if the bundle has no certificate.
     */
    public String certificateSha256() {
        return fingerprint.get();
    }

    private void reload(SslBundle bundle) {
        fingerprint.set(fingerprintOf(bundle));   // first: once a client sees the new certificate, the page shows it too
        current.set(bundle.createSslContext());
        log.info("TLS: reloaded {}", description);
    }

    /** The certificate of the bundle's (first) private key entry. */
    static String fingerprintOf(SslBundle bundle) {
        try {
            KeyStore store = bundle.getStores().getKeyStore();
            String wanted = bundle.getKey().getAlias();
            for (String alias : java.util.Collections.list(store.aliases())) {
                if ((wanted == null || wanted.equals(alias)) && store.isKeyEntry(alias) && store.getCertificate(alias) != null) {
                    byte[] digest = MessageDigest.getInstance("SHA-256").digest(store.getCertificate(alias).getEncoded());
                    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
                }
            }
            return "";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the certificate of the SSL bundle", e);
        }
    }

    private static SSLContext contextFor(SelfSignedCertificate cert) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(cert.keyStore(), cert.password());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
