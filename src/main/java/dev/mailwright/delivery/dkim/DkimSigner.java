package dev.mailwright.delivery.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Signs a message with DKIM (RFC 6376): rsa-sha256 (or ed25519-sha256, RFC 8463, for an Ed25519 key), relaxed/relaxed. Returns the
 * {@code DKIM-Signature} header field to prepend, folded, ending in CRLF.
 */
public final class DkimSigner {
    /** Headers signed when present (From is always signed). */
    static final List<String> SIGNED_HEADERS = List.of("from", "reply-to", "subject", "date", "to", "cc",
            "message-id", "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding");

    private final Clock clock;

    public DkimSigner(Clock clock) {
        this.clock = clock;
    }

    public String sign(byte[] message, String domain, String selector, PrivateKey key) {
        int bodyStart = DkimCanonicalizer.bodyStart(message);
        HeaderFields headers = HeaderFields.parse(DkimCanonicalizer.headerText(message, bodyStart));
        String bodyHash;
        try {
            bodyHash = Base64.getEncoder().encodeToString(BodyCanonicalizer.hash(
                    new java.io.ByteArrayInputStream(message, bodyStart, message.length - bodyStart), true, Long.MAX_VALUE).sha256());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);   // a byte array does not fail to read
        }

        List<String> signedNames = new ArrayList<>();
        StringBuilder signedData = new StringBuilder();
        for (String name : SIGNED_HEADERS) {
            for (String field : headers.bottomUp(name)) {
                signedNames.add(name);
                signedData.append(DkimCanonicalizer.relaxedHeader(field)).append("\r\n");
            }
        }
        if (!signedNames.contains("from")) {
            signedNames.add("from");   // an absent From signed as absent still binds it (RFC 6376 §5.4)
        }

        boolean ed25519 = key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA");
        String unsigned = "DKIM-Signature: v=1; a=" + (ed25519 ? "ed25519-sha256" : "rsa-sha256") + "; c=relaxed/relaxed; d=" + domain + "; s=" + selector
                + ";\r\n\tt=" + clock.instant().getEpochSecond() + "; h=" + String.join(":", signedNames)
                + ";\r\n\tbh=" + bodyHash + ";\r\n\tb=";
        signedData.append(DkimCanonicalizer.relaxedHeader(unsigned));
        String signature = Base64.getEncoder().encodeToString(ed25519
                ? ed25519Sha256(signedData.toString(), key) : rsaSha256(signedData.toString(), key));
        return unsigned + fold(signature) + "\r\n";
    }

    private static byte[] rsaSha256(String data, PrivateKey key) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(data.getBytes(StandardCharsets.ISO_8859_1));
            return rsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DKIM signing failed", e);
        }
    }

    /** RFC 8463 §3: Ed25519 signs the SHA-256 hash of the data. */
    private static byte[] ed25519Sha256(String data, PrivateKey key) {
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(key);
            ed.update(MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.ISO_8859_1)));
            return ed.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DKIM signing failed", e);
        }
    }

    private static String fold(String base64) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < base64.length(); i += 72) {
            if (i > 0) {
                sb.append("\r\n\t ");
            }
            sb.append(base64, i, Math.min(base64.length(), i + 72));
        }
        return sb.toString();
    }
}
