package dev.mailwright.sieve;

import java.util.Optional;

/**
 * What the inbound checks concluded about a message, for {@code spamtest}, {@code spamtestplus} and
 * {@code virustest} (RFC 5235).
 *
 * @param spamPercent 0 (tested, certainly not spam) to 100 (certainly spam); empty when nothing rated the message
 * @param virusTest   RFC 5235 §3.3's 1 (tested, no virus) to 5 (infected); empty when no virus scanner ran
 */
public record SieveRatings(Optional<Integer> spamPercent, Optional<Integer> virusTest) {
    public static final SieveRatings NOT_TESTED = new SieveRatings(Optional.empty(), Optional.empty());

    public SieveRatings {
        if (spamPercent.filter(p -> p < 0 || p > 100).isPresent() || virusTest.filter(v -> v < 1 || v > 5).isPresent()) {
            throw new IllegalArgumentException("spam percent 0..100, virus test 1..5");
        }
    }

    public static SieveRatings spam(int percent) {
        return new SieveRatings(Optional.of(percent), Optional.empty());
    }

    /** {@code spamtest}'s value: 0 not tested, 1 tested and clean ... 10 certainly spam (RFC 5235 §3.2). */
    String spamTestValue() {
        return spamPercent.map(p -> String.valueOf(1 + Math.round(p * 9 / 100.0f))).orElse("0");
    }

    /** {@code spamtest :percent}'s value: the percentage; a message nothing rated answers 0 too. */
    String spamPercentValue() {
        return String.valueOf(spamPercent.orElse(0));
    }

    /** {@code virustest}'s value: 0 when no scanner looked at the message (RFC 5235 §3.3). */
    String virusTestValue() {
        return String.valueOf(virusTest.orElse(0));
    }
}
