package dev.mailwright.inbound.dmarc;

/**
 * DMARC for the message's author domain (RFC 7489 §6.6).
 *
 * @param result     pass, fail, none (no policy published), temperror, permerror
 * @param fromDomain the From domain evaluated (empty if none)
 * @param published  the policy the domain asks for ({@code sp=} for a subdomain); NONE when there is no record
 * @param applied    what we do after {@code pct=} sampling; NONE on pass
 * @param reason     for humans
 */
public record DmarcResult(Result result, String fromDomain, Policy published, Policy applied, String reason) {

    public enum Result {
        PASS, FAIL, NONE, TEMPERROR, PERMERROR;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Policy {
        NONE, QUARANTINE, REJECT;

        /** One step milder: what a message outside the {@code pct=} sample gets (RFC 7489 §6.6.4). */
        Policy milder() {
            return switch (this) {
                case REJECT -> QUARANTINE;
                case QUARANTINE, NONE -> NONE;
            };
        }

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
