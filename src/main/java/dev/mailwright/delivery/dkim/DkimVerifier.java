package dev.mailwright.delivery.dkim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies every {@code DKIM-Signature} of a message (RFC 6376 §6), up to a bound: rsa-sha256 and ed25519-sha256
 * (RFC 8463), simple and relaxed canonicalization, keys from DNS through a {@link KeyLookup}. rsa-sha1 is refused
 * (RFC 8301), as are RSA keys shorter than the configured minimum.
 *
 * <p>{@code l=}: a signature whose body length covers less than the whole canonical body verifies the signed part
 * only, so an attacker could append anything after it. Such a signature is reported as {@link Status#POLICY}
 * ("valid but not acceptable"), never as a pass: it does not count for DMARC or for the webmail's verdict.
 *
 * <p>The header is given parsed ({@link Header}); the body is read as a stream once per signature.
 */
public final class DkimVerifier {
    /** ASN.1 prefix of an Ed25519 SubjectPublicKeyInfo; DKIM publishes the bare 32-octet key (RFC 8463 §4.2). */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    /** How a signature fared. */
    public enum Status {
        PASS, FAIL, POLICY, TEMPERROR, PERMERROR;

        /** The keyword in {@code Authentication-Results:} (RFC 8601 §2.7.1). */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One signature's result. {@code domain} ({@code d=}), {@code selector} ({@code s=}), {@code algorithm}
     * ({@code a=}) and {@code signaturePrefix} (the first characters of {@code b=}) are empty when unreadable.
     */
    public record Result(Status status, String domain, String selector, String algorithm, String signaturePrefix, String reason) {
    }

    /** The answer to "what key does this selector publish?". */
    public sealed interface KeyRecord {
        /** The TXT record text. */
        record Found(String text) implements KeyRecord {
        }

        /** No such record (NXDOMAIN or no TXT). */
        record Missing() implements KeyRecord {
        }

        /** DNS did not answer. */
        record Unavailable(String reason) implements KeyRecord {
        }
    }

    /** Finds the key record at {@code selector._domainkey.domain}. */
    @FunctionalInterface
    public interface KeyLookup {
        KeyRecord find(String selector, String domain);
    }

    /** The message's header fields as received, top first, each raw with folds and without the final CRLF. */
    public record Header(List<String> fields) {
        public Header {
            fields = List.copyOf(fields);
        }

        static String nameOf(String field) {
            return field.substring(0, field.indexOf(':')).strip().toLowerCase(Locale.ROOT);
        }
    }

    /** Opens the body (what follows the blank line) again for each signature. */
    @FunctionalInterface
    public interface BodySource {
        InputStream open() throws IOException;
    }

    private final KeyLookup keys;
    private final int minRsaBits;
    private final Clock clock;

    public DkimVerifier(KeyLookup keys, int minRsaBits, Clock clock) {
        this.keys = keys;
        this.minRsaBits = minRsaBits;
        this.clock = clock;
    }

    /** A whole message in memory (tests, small messages). */
    public List<Result> verify(byte[] message, int maxSignatures) {
        int bodyStart = DkimCanonicalizer.bodyStart(message);
        Header header = new Header(HeaderFields.parse(DkimCanonicalizer.headerText(message, bodyStart)).fields());
        return verify(header, () -> new ByteArrayInputStream(message, bodyStart, message.length - bodyStart), maxSignatures);
    }

    /** Every DKIM-Signature, top first, at most {@code maxSignatures} (later ones are not looked at). */
    public List<Result> verify(Header header, BodySource body, int maxSignatures) {
        List<Result> results = new ArrayList<>();
        for (String field : header.fields()) {
            if (results.size() >= maxSignatures) {
                break;
            }
            if (Header.nameOf(field).equals("dkim-signature")) {
                results.add(verifyOne(field, header, body));
            }
        }
        return results;
    }

    private Result verifyOne(String field, Header header, BodySource body) {
        Map<String, String> tags;
        try {
            tags = tags(field.substring(field.indexOf(':') + 1));
        } catch (IllegalArgumentException e) {
            return new Result(Status.PERMERROR, "", "", "", "", e.getMessage());
        }
        String domain = tags.getOrDefault("d", "").toLowerCase(Locale.ROOT);
        String selector = tags.getOrDefault("s", "");
        String algorithm = tags.getOrDefault("a", "").toLowerCase(Locale.ROOT);
        String b = tags.getOrDefault("b", "").replaceAll("\\s", "");
        String prefix = b.substring(0, Math.min(8, b.length()));
        Optional<String> problem = signatureTagProblem(tags, domain);
        if (problem.isPresent()) {
            return new Result(Status.PERMERROR, domain, selector, algorithm, prefix, problem.get());
        }
        return check(field, tags, header, body, "dkim-signature", new Result(Status.PASS, domain, selector, algorithm, prefix, ""));
    }

    /**
     * Body hash, key and signature of one signature field ({@code DKIM-Signature} or {@code ARC-Message-Signature},
     * whose tags were already checked). {@code identity} carries d=, s=, a= and the b= prefix into the result.
     */
    Result check(String field, Map<String, String> tags, Header header, BodySource body, String ownName, Result identity) {
        String domain = identity.domain();
        String selector = identity.selector();
        String algorithm = identity.algorithm();
        String prefix = identity.signaturePrefix();
        String[] canonicalization = tags.getOrDefault("c", "simple/simple").toLowerCase(Locale.ROOT).split("/", -1);
        String headerCanon = canonicalization[0];
        String bodyCanon = canonicalization.length > 1 ? canonicalization[1] : "simple";
        if (canonicalization.length > 2 || !List.of("simple", "relaxed").containsAll(List.of(headerCanon, bodyCanon))) {
            return new Result(Status.PERMERROR, domain, selector, algorithm, prefix, "unknown canonicalization");
        }
        long limit = Long.MAX_VALUE;
        if (tags.containsKey("l")) {
            String l = tags.get("l");
            if (!l.matches("[0-9]{1,18}")) {
                return new Result(Status.PERMERROR, domain, selector, algorithm, prefix, "bad l= tag");
            }
            limit = Long.parseLong(l);
        }
        BodyCanonicalizer.Hash bodyHash;
        try (InputStream in = body.open()) {
            bodyHash = BodyCanonicalizer.hash(in, bodyCanon.equals("relaxed"), limit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message body", e);
        }
        if (limit != Long.MAX_VALUE && limit > bodyHash.canonicalLength()) {
            return new Result(Status.FAIL, domain, selector, algorithm, prefix, "l= longer than the body");
        }
        byte[] declared;
        try {
            declared = Base64.getDecoder().decode(tags.getOrDefault("bh", "").replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            return new Result(Status.PERMERROR, domain, selector, algorithm, prefix, "bh= is not base64");
        }
        if (!MessageDigest.isEqual(declared, bodyHash.sha256())) {
            return new Result(Status.FAIL, domain, selector, algorithm, prefix, "body hash mismatch");
        }
        KeyOrProblem key = key(selector, domain, algorithm, tags);
        if (key.problem() != null) {
            return new Result(key.status(), domain, selector, algorithm, prefix, key.problem());
        }
        byte[] signed = signedData(field, tags, header, headerCanon.equals("relaxed"), ownName);
        boolean valid;
        try {
            valid = verifySignature(algorithm, key.key(), signed, Base64.getDecoder().decode(tags.getOrDefault("b", "").replaceAll("\\s", "")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return new Result(Status.FAIL, domain, selector, algorithm, prefix, "signature unreadable");
        }
        if (!valid) {
            return new Result(Status.FAIL, domain, selector, algorithm, prefix, "signature did not verify");
        }
        if (limit != Long.MAX_VALUE && limit < bodyHash.canonicalLength()) {
            return new Result(Status.POLICY, domain, selector, algorithm, prefix,
                    "valid for the first " + limit + " body octets only (l=); content after it is unsigned");
        }
        return new Result(Status.PASS, domain, selector, algorithm, prefix, "");
    }

    private Optional<String> signatureTagProblem(Map<String, String> tags, String domain) {
        for (String required : List.of("v", "a", "b", "bh", "d", "h", "s")) {
            if (!tags.containsKey(required) || (tags.get(required).isEmpty() && !required.equals("b"))) {
                return Optional.of("missing " + required + "= tag");
            }
        }
        if (!tags.get("v").equals("1")) {
            return Optional.of("unknown version v=" + tags.get("v"));
        }
        String algorithm = tags.get("a").toLowerCase(Locale.ROOT);
        if (!algorithm.equals("rsa-sha256") && !algorithm.equals("ed25519-sha256")) {
            return Optional.of("algorithm " + algorithm + " not accepted");
        }
        if (Arrays.stream(tags.get("h").split(":")).map(h -> h.strip().toLowerCase(Locale.ROOT)).noneMatch("from"::equals)) {
            return Optional.of("From is not signed");
        }
        String identity = tags.getOrDefault("i", "@" + domain).toLowerCase(Locale.ROOT);
        String identityDomain = identity.substring(identity.lastIndexOf('@') + 1);
        if (!identity.contains("@") || !(identityDomain.equals(domain) || identityDomain.endsWith("." + domain))) {
            return Optional.of("i= is not within d=");
        }
        if (tags.containsKey("q") && Arrays.stream(tags.get("q").split(":")).noneMatch(q -> q.strip().equalsIgnoreCase("dns/txt"))) {
            return Optional.of("unknown query method");
        }
        if (tags.containsKey("x")) {
            if (!tags.get("x").matches("[0-9]{1,12}") || (tags.containsKey("t") && !tags.get("t").matches("[0-9]{1,12}"))) {
                return Optional.of("bad t= or x=");
            }
            long expires = Long.parseLong(tags.get("x"));
            if (tags.containsKey("t") && Long.parseLong(tags.get("t")) > expires) {
                return Optional.of("x= before t=");
            }
            if (clock.instant().getEpochSecond() > expires) {
                return Optional.of("signature expired");
            }
        }
        return Optional.empty();
    }

    record KeyOrProblem(PublicKey key, Status status, String problem) {
    }

    KeyOrProblem key(String selector, String domain, String algorithm, Map<String, String> signatureTags) {
        String text;
        switch (keys.find(selector, domain)) {
            case KeyRecord.Found found -> text = found.text();
            case KeyRecord.Missing missing -> {
                return new KeyOrProblem(null, Status.PERMERROR, "no key for signature (" + selector + "._domainkey." + domain + ")");
            }
            case KeyRecord.Unavailable unavailable -> {
                return new KeyOrProblem(null, Status.TEMPERROR, "key lookup failed: " + unavailable.reason());
            }
        }
        Map<String, String> tags;
        try {
            tags = tags(text);
        } catch (IllegalArgumentException e) {
            return new KeyOrProblem(null, Status.PERMERROR, "key record unreadable");
        }
        if (tags.containsKey("v") && !tags.get("v").equals("DKIM1")) {
            return new KeyOrProblem(null, Status.PERMERROR, "key record of an unknown version");
        }
        String p = tags.getOrDefault("p", null);
        if (p == null) {
            return new KeyOrProblem(null, Status.PERMERROR, "key record without p=");
        }
        if (p.isEmpty()) {
            return new KeyOrProblem(null, Status.FAIL, "key revoked");
        }
        String type = tags.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
        if (!algorithm.startsWith(type + "-")) {
            return new KeyOrProblem(null, Status.PERMERROR, "key type " + type + " does not fit a=" + algorithm);
        }
        if (tags.containsKey("h") && Arrays.stream(tags.get("h").split(":")).noneMatch(h -> h.strip().equalsIgnoreCase("sha256"))) {
            return new KeyOrProblem(null, Status.PERMERROR, "key does not allow sha256");
        }
        if (tags.containsKey("s") && Arrays.stream(tags.get("s").split(":")).map(String::strip).noneMatch(s -> s.equals("*") || s.equalsIgnoreCase("email"))) {
            return new KeyOrProblem(null, Status.PERMERROR, "key not for email");
        }
        if (tags.containsKey("t") && Arrays.stream(tags.get("t").split(":")).map(String::strip).anyMatch("s"::equals)) {
            String identity = signatureTags.getOrDefault("i", "@" + domain).toLowerCase(Locale.ROOT);
            if (!identity.substring(identity.lastIndexOf('@') + 1).equals(domain)) {
                return new KeyOrProblem(null, Status.PERMERROR, "key forbids subdomains in i=");
            }
        }
        try {
            byte[] raw = Base64.getDecoder().decode(p.replaceAll("\\s", ""));
            if (type.equals("ed25519")) {
                if (raw.length != 32) {
                    return new KeyOrProblem(null, Status.PERMERROR, "Ed25519 key of the wrong length");
                }
                byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
                System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
                return new KeyOrProblem(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)), Status.PASS, null);
            }
            if (!type.equals("rsa")) {
                return new KeyOrProblem(null, Status.PERMERROR, "unknown key type " + type);
            }
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(raw));
            if (((RSAPublicKey) key).getModulus().bitLength() < minRsaBits) {
                return new KeyOrProblem(null, Status.PERMERROR, "RSA key shorter than " + minRsaBits + " bits");
            }
            return new KeyOrProblem(key, Status.PASS, null);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            return new KeyOrProblem(null, Status.PERMERROR, "key unreadable");
        }
    }

    /** The signed header fields (h=, bottom-up, RFC 6376 §5.4.2) then the signature field itself with b= empty. */
    static byte[] signedData(String field, Map<String, String> tags, Header header, boolean relaxed, String ownName) {
        StringBuilder data = new StringBuilder();
        Map<String, Iterator<String>> remaining = new HashMap<>();
        for (String name : tags.get("h").split(":")) {
            String key = name.strip().toLowerCase(Locale.ROOT);
            Iterator<String> candidates = remaining.computeIfAbsent(key, n -> bottomUp(header, n).iterator());
            if (candidates.hasNext()) {
                data.append(canonical(candidates.next(), relaxed)).append("\r\n");
            }
        }
        String withoutSignature = withEmptyB(field);
        String canonical = canonical(withoutSignature, relaxed);
        data.append(canonical);
        return data.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> bottomUp(Header header, String name) {
        List<String> found = new ArrayList<>();
        for (int i = header.fields().size() - 1; i >= 0; i--) {
            if (Header.nameOf(header.fields().get(i)).equals(name)) {
                found.add(header.fields().get(i));
            }
        }
        return found;
    }

    private static String canonical(String field, boolean relaxed) {
        return relaxed ? DkimCanonicalizer.relaxedHeader(field) : field;
    }

    /** The field with the value of its {@code b=} tag removed, everything else byte for byte. */
    static String withEmptyB(String field) {
        int colon = field.indexOf(':');
        StringBuilder out = new StringBuilder(field.substring(0, colon + 1));
        String value = field.substring(colon + 1);
        int start = 0;
        while (start <= value.length()) {
            int end = value.indexOf(';', start);
            String segment = end < 0 ? value.substring(start) : value.substring(start, end);
            int eq = segment.indexOf('=');
            if (eq > 0 && segment.substring(0, eq).strip().equals("b")) {
                out.append(segment, 0, eq + 1);
            } else {
                out.append(segment);
            }
            if (end < 0) {
                break;
            }
            out.append(';');
            start = end + 1;
        }
        return out.toString();
    }

    static boolean verifySignature(String algorithm, PublicKey key, byte[] data, byte[] signature) throws GeneralSecurityException {
        Signature verifier;
        byte[] input = data;
        if (algorithm.equals("ed25519-sha256")) {
            verifier = Signature.getInstance("Ed25519");
            input = MessageDigest.getInstance("SHA-256").digest(data);   // RFC 8463 §3: Ed25519 over the SHA-256 hash
        } else {
            verifier = Signature.getInstance("SHA256withRSA");
        }
        verifier.initVerify(key);
        verifier.update(input);
        return verifier.verify(signature);
    }

    /**
     * A tag-list (RFC 6376 §3.2): names are case-sensitive, a repeated name is an error, values keep inner
     * whitespace except that folding is removed; the caller strips whitespace from base64 values.
     */
    static Map<String, String> tags(String list) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String spec : list.replace("\r\n", "").split(";")) {
            if (spec.isBlank()) {
                continue;
            }
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed tag list");
            }
            String name = spec.substring(0, eq).strip();
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*") || tags.put(name, spec.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException("malformed or repeated tag " + name);
            }
        }
        return tags;
    }
}
