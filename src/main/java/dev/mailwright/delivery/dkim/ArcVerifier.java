package dev.mailwright.delivery.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates an ARC chain (RFC 8617 §5.2): every instance 1..N present once in each of ARC-Authentication-Results,
 * ARC-Message-Signature and ARC-Seal; {@code cv=none} on instance 1 and {@code cv=pass} above it; the newest
 * ARC-Message-Signature verifies (as a DKIM signature, through the {@link DkimVerifier}); and every ARC-Seal
 * verifies over the ARC fields of its instance and all older ones. rsa-sha256 only, as the RFC specifies.
 */
public final class ArcVerifier {

    /** {@code sealer}: the d= of the newest ARC-Seal. */
    public record Chain(Outcome outcome, int instances, String sealer, String reason) {
    }

    public enum Outcome { NONE, PASS, FAIL }

    private record Instance(String results, String messageSignature, String seal) {
    }

    private final DkimVerifier dkim;
    private final int maxInstances;

    public ArcVerifier(DkimVerifier dkim, int maxInstances) {
        this.dkim = dkim;
        this.maxInstances = maxInstances;
    }

    public Chain verify(DkimVerifier.Header header, DkimVerifier.BodySource body) {
        Map<Integer, String[]> byInstance = new HashMap<>();
        int highest = 0;
        for (String field : header.fields()) {
            int slot = switch (DkimVerifier.Header.nameOf(field)) {
                case "arc-authentication-results" -> 0;
                case "arc-message-signature" -> 1;
                case "arc-seal" -> 2;
                default -> -1;
            };
            if (slot < 0) {
                continue;
            }
            int instance = instanceOf(field);
            if (instance < 1 || instance > maxInstances) {
                return fail(0, "", "ARC instance out of range");
            }
            String[] fields = byInstance.computeIfAbsent(instance, i -> new String[3]);
            if (fields[slot] != null) {
                return fail(instance, "", "two ARC fields of one kind in instance " + instance);
            }
            fields[slot] = field;
            highest = Math.max(highest, instance);
        }
        if (byInstance.isEmpty()) {
            return new Chain(Outcome.NONE, 0, "", "no ARC fields");
        }
        Instance[] chain = new Instance[highest + 1];
        for (int i = 1; i <= highest; i++) {
            String[] fields = byInstance.get(i);
            if (fields == null || fields[0] == null || fields[1] == null || fields[2] == null) {
                return fail(highest, "", "ARC instance " + i + " incomplete");
            }
            chain[i] = new Instance(fields[0], fields[1], fields[2]);
        }
        Map<String, String> newestSeal;
        try {
            newestSeal = DkimVerifier.tags(value(chain[highest].seal()));
        } catch (IllegalArgumentException e) {
            return fail(highest, "", "ARC-Seal unreadable");
        }
        String sealer = newestSeal.getOrDefault("d", "").toLowerCase(Locale.ROOT);
        for (int i = 1; i <= highest; i++) {
            String cv;
            try {
                cv = DkimVerifier.tags(value(chain[i].seal())).getOrDefault("cv", "").toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return fail(highest, sealer, "ARC-Seal " + i + " unreadable");
            }
            if (!cv.equals(i == 1 ? "none" : "pass")) {
                return fail(highest, sealer, "ARC-Seal " + i + " has cv=" + cv);
            }
        }
        DkimVerifier.Result signature = messageSignature(chain[highest].messageSignature(), header, body);
        if (signature.status() != DkimVerifier.Status.PASS) {
            return fail(highest, sealer, "ARC-Message-Signature " + highest + ": " + signature.reason());
        }
        for (int i = highest; i >= 1; i--) {
            String problem = sealProblem(chain, i);
            if (problem != null) {
                return fail(highest, sealer, "ARC-Seal " + i + ": " + problem);
            }
        }
        return new Chain(Outcome.PASS, highest, sealer, "");
    }

    private DkimVerifier.Result messageSignature(String field, DkimVerifier.Header header, DkimVerifier.BodySource body) {
        Map<String, String> tags;
        try {
            tags = DkimVerifier.tags(value(field));
        } catch (IllegalArgumentException e) {
            return new DkimVerifier.Result(DkimVerifier.Status.PERMERROR, "", "", "", "", "unreadable");
        }
        for (String required : List.of("a", "b", "bh", "d", "h", "s")) {
            if (!tags.containsKey(required)) {
                return new DkimVerifier.Result(DkimVerifier.Status.PERMERROR, "", "", "", "", "missing " + required + "=");
            }
        }
        if (!tags.get("a").equalsIgnoreCase("rsa-sha256")) {
            return new DkimVerifier.Result(DkimVerifier.Status.PERMERROR, "", "", "", "", "algorithm not rsa-sha256");
        }
        DkimVerifier.Result identity = new DkimVerifier.Result(DkimVerifier.Status.PASS, tags.get("d").toLowerCase(Locale.ROOT),
                tags.get("s"), "rsa-sha256", "", "");
        return dkim.check(field, tags, header, body, "arc-message-signature", identity);
    }

    /** RFC 8617 §5.1.1: the seal signs AAR, AMS, AS of instances 1..i in order, relaxed, its own b= empty. */
    private String sealProblem(Instance[] chain, int i) {
        Map<String, String> tags;
        try {
            tags = DkimVerifier.tags(value(chain[i].seal()));
        } catch (IllegalArgumentException e) {
            return "unreadable";
        }
        if (!tags.getOrDefault("a", "").equalsIgnoreCase("rsa-sha256") || !tags.containsKey("d") || !tags.containsKey("s")) {
            return "missing or unsupported a=, d= or s=";
        }
        StringBuilder data = new StringBuilder();
        for (int j = 1; j <= i; j++) {
            data.append(DkimCanonicalizer.relaxedHeader(chain[j].results())).append("\r\n");
            data.append(DkimCanonicalizer.relaxedHeader(chain[j].messageSignature())).append("\r\n");
            String seal = j == i ? DkimVerifier.withEmptyB(chain[j].seal()) : chain[j].seal();
            data.append(DkimCanonicalizer.relaxedHeader(seal));
            if (j < i) {
                data.append("\r\n");
            }
        }
        DkimVerifier.KeyOrProblem key = dkim.key(tags.get("s"), tags.get("d").toLowerCase(Locale.ROOT), "rsa-sha256", Map.of());
        if (key.problem() != null) {
            return key.problem();
        }
        try {
            byte[] signature = Base64.getDecoder().decode(tags.getOrDefault("b", "").replaceAll("\\s", ""));
            return DkimVerifier.verifySignature("rsa-sha256", key.key(), data.toString().getBytes(StandardCharsets.ISO_8859_1), signature)
                    ? null : "signature did not verify";
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "signature unreadable";
        }
    }

    private static String value(String field) {
        return field.substring(field.indexOf(':') + 1);
    }

    /** The i= tag; -1 when missing or malformed. */
    private static int instanceOf(String field) {
        for (String part : value(field).replace("\r\n", "").split(";")) {
            String spec = part.strip();
            if (spec.startsWith("i=") || spec.startsWith("i =")) {
                String number = spec.substring(spec.indexOf('=') + 1).strip();
                return number.matches("[0-9]{1,2}") ? Integer.parseInt(number) : -1;
            }
        }
        return -1;
    }

    private static Chain fail(int instances, String sealer, String reason) {
        return new Chain(Outcome.FAIL, instances, sealer, reason);
    }
}
