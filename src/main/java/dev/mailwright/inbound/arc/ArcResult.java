package dev.mailwright.inbound.arc;

/**
 * The ARC chain of a message (RFC 8617 §5.2). {@code sealer}: the d= of the newest ARC-Seal (empty if none);
 * {@code instances}: how many hops sealed it.
 */
public record ArcResult(Status status, int instances, String sealer, String reason) {

    public enum Status {
        NONE, PASS, FAIL;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
