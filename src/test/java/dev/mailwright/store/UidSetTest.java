package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Counting a set's UIDs against a bound, without walking its ranges. */
class UidSetTest {

    @Test
    void aSetShouldBeCountedAgainstTheBoundRangeByRange() {
        assertThat(UidSet.EMPTY.atMost(0)).isTrue();
        assertThat(UidSet.of(3, 5, 7).atMost(3)).isTrue();
        assertThat(UidSet.of(3, 5, 7).atMost(2)).isFalse();
        assertThat(new UidSet(List.of(new UidRange(1, 64))).atMost(64)).isTrue();
        assertThat(new UidSet(List.of(new UidRange(1, 64), new UidRange(70, 70))).atMost(64)).isFalse();
    }

    @Test
    void aRangeUpToStarShouldExceedAnyBound() {
        assertThat(UidSet.ALL.atMost(Long.MAX_VALUE - 1)).isFalse();
        assertThat(new UidSet(List.of(new UidRange(1, 1), new UidRange(3, Long.MAX_VALUE))).atMost(64)).isFalse();
    }
}
