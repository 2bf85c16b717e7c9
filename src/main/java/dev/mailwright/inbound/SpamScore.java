package dev.mailwright.inbound;

/**
 * How spammy a content scanner found a message, as a percentage: 0 certainly not spam, 100 certainly spam (the
 * scale of RFC 5235's {@code spamtest :percent}, which Sieve scripts read). A check records it with
 * {@link Assessment#record}; without one, the verdict rates a message 100 when it goes to Junk and 0 otherwise.
 */
public record SpamScore(int percent) {
    public SpamScore {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("a percentage: " + percent);
        }
    }

    /** rspamd's score against its reject threshold ({@code required_score}): at or past the threshold is 100. */
    public static SpamScore of(double score, double requiredScore) {
        if (!(requiredScore > 0) || Double.isNaN(score)) {
            return new SpamScore(score > 0 ? 100 : 0);
        }
        return new SpamScore((int) Math.round(Math.max(0, Math.min(100, score * 100 / requiredScore))));
    }
}
