package dev.mailwright.inbound;

import java.util.List;

/**
 * One result of an authentication method for {@code Authentication-Results:} (RFC 8601 §2.7): for example
 * {@code spf=pass smtp.mailfrom=example.com} or {@code dkim=fail (body hash mismatch) header.d=example.com}.
 *
 * @param method     {@code spf}, {@code dkim}, {@code dmarc}, {@code arc}, ...
 * @param result     {@code pass}, {@code fail}, {@code none}, ...
 * @param comment    a short human explanation, may be empty
 * @param properties {@code ptype.property=value} pairs, in order
 */
public record AuthResult(String method, String result, String comment, List<Property> properties) {
    public AuthResult {
        properties = List.copyOf(properties);
    }

    public record Property(String name, String value) {
    }

    /** {@code method=result (comment) p=v ...}, values quoted where they are not a token. */
    String format() {
        StringBuilder sb = new StringBuilder(method).append('=').append(result);
        if (!comment.isEmpty()) {
            sb.append(" (").append(comment.replaceAll("[()\\\\\\p{Cntrl}]", " ")).append(')');
        }
        for (Property p : properties) {
            sb.append(' ').append(p.name()).append('=').append(AuthenticationResults.value(p.value()));
        }
        return sb.toString();
    }
}
