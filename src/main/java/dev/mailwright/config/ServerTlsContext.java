package dev.mailwright.config;

import java.io.IOException;
import java.security.GeneralSecurityException;
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
class ServerTlsContext implements TlsContextSource {
    private static final Logger log = LoggerFactory.getLogger(ServerTlsContext.class);

    private final AtomicReference<SSLContext> current = new AtomicReference<>();
    private final String description;

    ServerTlsContext(MailwrightProperties properties, SslBundles bundles) throws IOException, GeneralSecurityException {
        String bundleName = properties.tls().bundle();
        if (bundleName != null && !bundleName.isBlank()) {
            current.set(bundles.getBundle(bundleName).createSslContext());
            bundles.addBundleUpdateHandler(bundleName, this::reload);
            description = "SSL bundle '" + bundleName + "'";
        } else {
            SelfSignedCertificate cert = SelfSignedCertificate.loadOrCreate(properties.dataDir().resolve("tls"), properties.hostname());
            current.set(contextFor(cert));
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

    private void reload(SslBundle bundle) {
        current.set(bundle.createSslContext());
        log.info("TLS: reloaded {}", description);
    }

    private static SSLContext contextFor(SelfSignedCertificate cert) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(cert.keyStore(), cert.password());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
