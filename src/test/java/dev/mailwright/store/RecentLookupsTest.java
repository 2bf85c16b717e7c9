package dev.mailwright.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The short-lived answers of per-message look-ups: kept for the TTL, forgotten on a change, bounded. */
class RecentLookupsTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final AtomicInteger lookUps = new AtomicInteger();
    private final RecentLookups<String, String> cache = new RecentLookups<>(Duration.ofSeconds(5), 3, nanos::get);

    private String lookUp(String key) {
        return cache.get(key, () -> key + "#" + lookUps.incrementAndGet());
    }

    @Test
    void anAnswerShouldBeKeptForTheTtlOnly() {
        assertThat(lookUp("a")).isEqualTo("a#1");
        nanos.addAndGet(Duration.ofMillis(4_999).toNanos());
        assertThat(lookUp("a")).isEqualTo("a#1");
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(lookUp("a")).as("5 s old: looked up again").isEqualTo("a#2");
    }

    @Test
    void anAnswerTheCallerDoesNotWantKeptShouldBeLookedUpAgain() {
        assertThat(cache.get("a", () -> "none#" + lookUps.incrementAndGet(), v -> !v.startsWith("none"))).isEqualTo("none#1");
        assertThat(cache.get("a", () -> "none#" + lookUps.incrementAndGet(), v -> !v.startsWith("none"))).isEqualTo("none#2");
        assertThat(lookUp("b")).isEqualTo("b#3");
        assertThat(lookUp("b")).as("a refused answer does not disturb the kept ones").isEqualTo("b#3");
    }

    @Test
    void aChangeShouldBeSeenAtOnce() {
        lookUp("a");
        lookUp("b");
        cache.forget("a");
        assertThat(lookUp("a")).isEqualTo("a#3");
        assertThat(lookUp("b")).as("another key keeps its answer").isEqualTo("b#2");
        cache.forgetAll();
        assertThat(lookUp("b")).isEqualTo("b#4");
    }

    @Test
    void anAnswerReadWhileAChangeCommittedShouldNotBeKept() {
        String stale = cache.get("a", () -> {
            cache.forget("a");   // the change commits while this look-up reads the old state
            return "old";
        });
        assertThat(stale).isEqualTo("old");
        assertThat(lookUp("a")).as("the next look-up reads again").isEqualTo("a#1");
    }

    @Test
    void theCacheShouldHoldAtMostItsBound() {
        lookUp("a");
        lookUp("b");
        lookUp("c");
        lookUp("d");   // past 3 entries: everything is dropped, then d kept
        assertThat(lookUp("d")).isEqualTo("d#4");
        assertThat(lookUp("a")).isEqualTo("a#5");
    }

    @Test
    void aTtlOfZeroShouldLookUpEveryTime() {
        RecentLookups<String, Integer> off = new RecentLookups<>(Duration.ZERO, 10, nanos::get);
        assertThat(off.get("a", lookUps::incrementAndGet)).isEqualTo(1);
        assertThat(off.get("a", lookUps::incrementAndGet)).isEqualTo(2);
        assertThatThrownBy(() -> new RecentLookups<>(Duration.ofSeconds(-1), 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
