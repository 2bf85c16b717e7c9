package dev.mailwright.dns;

/** One MX record: {@code host} lower-case without the final dot, empty for the null MX "." (RFC 7505). */
public record MxHost(int preference, String host) {
}
