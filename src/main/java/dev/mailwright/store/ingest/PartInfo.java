package dev.mailwright.store.ingest;

import dev.mailwright.store.ingest.MimeParams.Param;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The MIME description of one entity as BODYSTRUCTURE reports it. Values are as sent; the defaults are
 * RFC 2045's: a missing or invalid Content-Type is text/plain (message/rfc822 inside multipart/digest),
 * a missing Content-Transfer-Encoding is 7BIT, and a text part without charset gets
 * {@code ("charset" "us-ascii")} first in its parameter list.
 */
record PartInfo(String type, String subtype, List<Param> params, Optional<String> id,
                Optional<String> description, String encoding, Optional<String> md5,
                Optional<MimeParams> disposition, List<String> language, Optional<String> location) {

    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    PartInfo {
        params = List.copyOf(params);
        language = List.copyOf(language);
    }

    static PartInfo of(HeaderBlock header, Entity.DefaultType defaultType) {
        String type;
        String subtype;
        List<Param> params;
        Optional<String> contentType = header.get("content-type");
        MimeParams ct = contentType.map(MimeParams::parse).orElse(null);
        int slash = ct == null ? -1 : ct.value().indexOf('/');
        if (ct != null && slash > 0 && token(ct.value().substring(0, slash).strip())
                && token(ct.value().substring(slash + 1).strip())) {
            type = ct.value().substring(0, slash).strip();
            subtype = ct.value().substring(slash + 1).strip();
            params = ct.params();
        } else {
            type = defaultType == Entity.DefaultType.MESSAGE ? "message" : "text";
            subtype = defaultType == Entity.DefaultType.MESSAGE ? "rfc822" : "plain";
            params = List.of();
        }
        String encoding = header.get("content-transfer-encoding")
                .map(v -> MimeParams.parse(v).value().toUpperCase(Locale.ROOT))
                .filter(v -> !v.isEmpty()).orElse("7BIT");
        Optional<MimeParams> disposition = header.get("content-disposition").map(MimeParams::parse)
                .filter(d -> !d.value().isEmpty());
        return new PartInfo(type, subtype, withDefaultCharset(type, params), nonEmpty(header.get("content-id")),
                nonEmpty(header.get("content-description")), encoding, nonEmpty(header.get("content-md5")),
                disposition, languages(header.get("content-language")), nonEmpty(header.get("content-location")));
    }

    /** The same part reported as text/plain, for a multipart that turned out to have no body part. */
    PartInfo asPlainText() {
        return new PartInfo("text", "plain", withDefaultCharset("text", List.of()), id, description, encoding, md5,
                disposition, language, location);
    }

    boolean is(String t, String s) {
        return type.equals(t) && subtype.equals(s);
    }

    Optional<String> param(String name) {
        for (Param p : params) {
            if (p.name().equals(name)) {
                return Optional.of(p.value());
            }
        }
        return Optional.empty();
    }

    boolean isAttachment() {
        return disposition.map(d -> d.value().equals("attachment")).orElse(false);
    }

    /** Whether the body is stored without transfer encoding, so an embedded message can be parsed. */
    boolean identityEncoding() {
        return encoding.equals("7BIT") || encoding.equals("8BIT") || encoding.equals("BINARY");
    }

    Optional<String> filename() {
        Optional<String> f = disposition.flatMap(d -> d.get("filename"));
        return f.isPresent() ? f : param("name");
    }

    private static List<Param> withDefaultCharset(String type, List<Param> params) {
        if (!type.equals("text") || params.stream().anyMatch(p -> p.name().equals("charset"))) {
            return params;
        }
        List<Param> out = new ArrayList<>(params.size() + 1);
        out.add(new Param("charset", "us-ascii"));
        out.addAll(params);
        return out;
    }

    private static List<String> languages(Optional<String> raw) {
        List<String> out = new ArrayList<>();
        raw.map(MimeParams::uncommented).ifPresent(v -> {
            for (String tag : v.split("[,;\\s]+")) {
                if (!tag.isEmpty()) {
                    out.add(tag);
                }
            }
        });
        return out;
    }

    private static boolean token(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || TSPECIALS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> nonEmpty(Optional<String> v) {
        return v.filter(s -> !s.isEmpty());
    }
}
