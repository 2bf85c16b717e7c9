package dev.mailwright.delivery.dkim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One RSA-2048 DKIM key per domain, generated on first use into {@code <dir>/<domain>.key} (PKCS#8 PEM,
 * owner-only) and kept for good: the published DNS record must keep matching it.
 */
public final class DkimKeys {
    public static final String SELECTOR = "mailwright";

    private final Path dir;
    private final ConcurrentMap<String, KeyPair> cache = new ConcurrentHashMap<>();

    public DkimKeys(Path dir) {
        this.dir = dir;
    }

    public KeyPair forDomain(String domain) {
        return cache.computeIfAbsent(domain.toLowerCase(Locale.ROOT), this::loadOrCreate);
    }

    /** The TXT record to publish at {@code mailwright._domainkey.<domain>}. */
    public String dnsRecord(String domain) {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(forDomain(domain).getPublic().getEncoded());
    }

    private KeyPair loadOrCreate(String domain) {
        Path file = dir.resolve(domain + ".key");
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Path tmp = Files.createTempFile(dir, domain, ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the data dir's permissions protect the key
            }
            Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the DKIM key of " + domain, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair read(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) privateKey;
        PublicKey publicKey = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        return new KeyPair(publicKey, privateKey);
    }
}
