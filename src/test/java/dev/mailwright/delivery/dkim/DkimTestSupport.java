package dev.mailwright.delivery.dkim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** DKIM helpers for tests here and in other packages: key records as published, and signatures our signer never makes. */
public final class DkimTestSupport {
    private DkimTestSupport() {
    }

    /** The TXT record publishing {@code key} (RSA as SubjectPublicKeyInfo, Ed25519 as the bare 32 octets). */
    public static String keyRecord(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (key.getAlgorithm().equals("RSA")) {
            return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(encoded);
        }
        return "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    /** A verifier whose every selector publishes {@code key}. */
    public static DkimVerifier verifierFor(PublicKey key) {
        return new DkimVerifier((selector, domain) -> new DkimVerifier.KeyRecord.Found(keyRecord(key)), 1024, Clock.systemUTC());
    }

    /**
     * An rsa-sha256 relaxed/relaxed signature of From and Subject with an {@code l=} body length: what a mailing
     * list's signer may send and what an attacker then appends to.
     */
    public static String signWithBodyLength(byte[] message, String domain, String selector, PrivateKey key, long bodyLength) {
        int bodyStart = DkimCanonicalizer.bodyStart(message);
        HeaderFields headers = HeaderFields.parse(DkimCanonicalizer.headerText(message, bodyStart));
        try {
            String bodyHash = Base64.getEncoder().encodeToString(BodyCanonicalizer.hash(
                    new ByteArrayInputStream(message, bodyStart, message.length - bodyStart), true, bodyLength).sha256());
            StringBuilder data = new StringBuilder();
            for (String name : List.of("from", "subject")) {
                for (String field : headers.bottomUp(name)) {
                    data.append(DkimCanonicalizer.relaxedHeader(field)).append("\r\n");
                }
            }
            String unsigned = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector
                    + "; l=" + bodyLength + "; h=from:subject; bh=" + bodyHash + "; b=";
            data.append(DkimCanonicalizer.relaxedHeader(unsigned));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(data.toString().getBytes(StandardCharsets.ISO_8859_1));
            return unsigned + Base64.getEncoder().encodeToString(rsa.sign()) + "\r\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Seals {@code message} as a forwarder would (RFC 8617 §5.1): ARC-Authentication-Results with {@code results},
     * an ARC-Message-Signature over From, To and Subject and the body, and an ARC-Seal, instance 1 (cv=none).
     * Returns the three fields to put on top of the message.
     */
    public static String arcSeal(byte[] message, String domain, String selector, PrivateKey key, String results) {
        int bodyStart = DkimCanonicalizer.bodyStart(message);
        HeaderFields headers = HeaderFields.parse(DkimCanonicalizer.headerText(message, bodyStart));
        try {
            String bodyHash = Base64.getEncoder().encodeToString(BodyCanonicalizer.hash(
                    new ByteArrayInputStream(message, bodyStart, message.length - bodyStart), true, Long.MAX_VALUE).sha256());
            String aar = "ARC-Authentication-Results: i=1; " + domain + "; " + results;
            StringBuilder data = new StringBuilder();
            for (String name : List.of("from", "to", "subject")) {
                for (String field : headers.bottomUp(name)) {
                    data.append(DkimCanonicalizer.relaxedHeader(field)).append("\r\n");
                }
            }
            String amsUnsigned = "ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector
                    + "; h=from:to:subject; bh=" + bodyHash + "; b=";
            data.append(DkimCanonicalizer.relaxedHeader(amsUnsigned));
            String ams = amsUnsigned + rsa(data.toString(), key);
            String sealUnsigned = "ARC-Seal: i=1; a=rsa-sha256; cv=none; d=" + domain + "; s=" + selector + "; b=";
            String sealed = DkimCanonicalizer.relaxedHeader(aar) + "\r\n" + DkimCanonicalizer.relaxedHeader(ams) + "\r\n"
                    + DkimCanonicalizer.relaxedHeader(sealUnsigned);
            String seal = sealUnsigned + rsa(sealed, key);
            return seal + "\r\n" + ams + "\r\n" + aar + "\r\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rsa(String data, PrivateKey key) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(data.getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
