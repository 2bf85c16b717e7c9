package dev.mailwright.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** rspamd's score as the percentage Sieve's spamtest reads (RFC 5235): against the reject threshold, clamped. */
class SpamScoreTest {
    @Test
    void theScoreCountsAgainstTheRejectThreshold() {
        assertThat(SpamScore.of(7.5, 15).percent()).isEqualTo(50);
        assertThat(SpamScore.of(-3.2, 15).percent()).isZero();
        assertThat(SpamScore.of(0, 15).percent()).isZero();
        assertThat(SpamScore.of(15, 15).percent()).isEqualTo(100);
        assertThat(SpamScore.of(40, 15).percent()).isEqualTo(100);
        // no usable threshold: only the sign of the score says anything
        assertThat(SpamScore.of(2, 0).percent()).isEqualTo(100);
        assertThat(SpamScore.of(-2, 0).percent()).isZero();
        assertThat(SpamScore.of(Double.NaN, 15).percent()).isZero();
        assertThatThrownBy(() -> new SpamScore(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
