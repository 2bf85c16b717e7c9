package dev.mailwright.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * SASL PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, base64-encoded on the wire. Nobody
 * may act as someone else here: a request with an authorization identity other than the authentication
 * identity decodes fine, and the caller answers it as a failed authentication (RFC 4616 §2).
 */
public final class SaslPlain {
    private SaslPlain() {
    }

    /** Decodes a client response; empty when it is not valid base64 or not the PLAIN shape. */
    public static Optional<Credentials> decode(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String s = new String(raw, StandardCharsets.UTF_8);
        int first = s.indexOf('\0');
        int second = first < 0 ? -1 : s.indexOf('\0', first + 1);
        if (first < 0 || second < 0 || s.indexOf('\0', second + 1) >= 0) {
            return Optional.empty();
        }
        String authzid = s.substring(0, first);
        String authcid = s.substring(first + 1, second);
        String password = s.substring(second + 1);
        if (authcid.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(authzid, authcid, password));
    }

    /** Decodes one base64 line of SASL LOGIN (username or password); empty when not base64. */
    public static Optional<String> decodeLoginLine(String base64) {
        try {
            return Optional.of(new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code authorizationId} is empty when the client asked for none. */
    public record Credentials(String authorizationId, String username, String password) {
        public Credentials(String username, String password) {
            this("", username, password);
        }

        /** Whether the client asks to act as itself, the only identity anyone may take here. */
        public boolean actsAsItself() {
            return authorizationId.isEmpty() || authorizationId.equalsIgnoreCase(username);
        }

        @Override
        public String toString() {
            return "Credentials[" + username + "]";   // never print the password
        }
    }
}
