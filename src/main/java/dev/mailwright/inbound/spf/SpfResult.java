package dev.mailwright.inbound.spf;

/**
 * The outcome of SPF for one message (RFC 7208 §2.6), kept for DMARC.
 *
 * @param result   the result
 * @param identity which identity was checked: the MAIL FROM domain, or the HELO name for the null reverse-path
 * @param domain   the domain checked (lower case)
 * @param reason   why, for humans (the explanation on fail, or what went wrong)
 */
public record SpfResult(Result result, Identity identity, String domain, String reason) {

    public enum Result {
        NONE, NEUTRAL, PASS, FAIL, SOFTFAIL, TEMPERROR, PERMERROR;

        /** The name in {@code Authentication-Results:} (RFC 8601 §2.7.2). */
        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Identity { MAILFROM, HELO }
}
