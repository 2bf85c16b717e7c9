package dev.mailwright.delivery.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Verifies the first {@code DKIM-Signature} of a message against a known public key (rsa-sha256,
 * relaxed/relaxed, as {@link DkimSigner} produces). Key lookup in DNS is the caller's business.
 */
public final class DkimVerifier {
    private static final Pattern SIGNATURE_VALUE = Pattern.compile("((?:^|;)\\s*b\\s*=)[^;]*");

    public sealed interface Result {
        record Pass(String domain, String selector) implements Result {
        }

        record Fail(String reason) implements Result {
        }
    }

    public Result verify(byte[] message, PublicKey key) {
        int bodyStart = DkimCanonicalizer.bodyStart(message);
        HeaderFields headers = HeaderFields.parse(DkimCanonicalizer.headerText(message, bodyStart));
        List<String> signatures = headers.fields().stream().filter(f -> HeaderFields.nameOf(f).equals("dkim-signature")).toList();
        if (signatures.isEmpty()) {
            return new Result.Fail("no DKIM-Signature");
        }
        String signatureField = signatures.getFirst();
        Map<String, String> tags = tags(signatureField.substring(signatureField.indexOf(':') + 1));
        if (!"rsa-sha256".equals(tags.get("a")) || !"relaxed/relaxed".equals(tags.get("c"))) {
            return new Result.Fail("unsupported a= or c=");
        }
        String bodyHash = Base64.getEncoder().encodeToString(DkimSigner.sha256(DkimCanonicalizer.relaxedBody(message, bodyStart)));
        if (!bodyHash.equals(tags.get("bh"))) {
            return new Result.Fail("body hash mismatch");
        }
        StringBuilder signedData = new StringBuilder();
        Map<String, List<String>> byName = headers.bottomUpByName();
        Map<String, Iterator<String>> remaining = new HashMap<>();
        for (String name : tags.getOrDefault("h", "").split(":")) {
            String key2 = name.strip().toLowerCase(java.util.Locale.ROOT);
            Iterator<String> it = remaining.computeIfAbsent(key2, n -> byName.getOrDefault(n, List.of()).iterator());
            if (it.hasNext()) {
                signedData.append(DkimCanonicalizer.relaxedHeader(it.next())).append("\r\n");
            }
        }
        String withoutValue = SIGNATURE_VALUE.matcher(signatureField.replace("\r\n", "")).replaceFirst("$1");
        signedData.append(DkimCanonicalizer.relaxedHeader(withoutValue));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update(signedData.toString().getBytes(StandardCharsets.ISO_8859_1));
            byte[] value = Base64.getDecoder().decode(tags.getOrDefault("b", "").replaceAll("\\s", ""));
            return rsa.verify(value) ? new Result.Pass(tags.get("d"), tags.get("s")) : new Result.Fail("signature mismatch");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return new Result.Fail("signature unreadable: " + e.getMessage());
        }
    }

    private static Map<String, String> tags(String value) {
        Map<String, String> tags = new HashMap<>();
        for (String part : value.replace("\r\n", "").split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                tags.put(part.substring(0, eq).strip(), part.substring(eq + 1).replaceAll("[ \t]", ""));
            }
        }
        return tags;
    }
}
