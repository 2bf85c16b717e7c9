package dev.mailwright.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class FailureThrottleTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @Test
    void keyShouldBeThrottledAfterLimitFailuresInsideWindow() {
        ManualClock clock = new ManualClock();
        FailureThrottle throttle = new FailureThrottle(3, Duration.ofMinutes(10), clock);
        throttle.recordFailure("1.2.3.4");
        throttle.recordFailure("1.2.3.4");
        assertThat(throttle.isThrottled("1.2.3.4")).isFalse();
        throttle.recordFailure("1.2.3.4");
        assertThat(throttle.isThrottled("1.2.3.4")).isTrue();
        assertThat(throttle.isThrottled("5.6.7.8")).isFalse();
    }

    @Test
    void throttleShouldLiftWhenFailuresLeaveTheWindow() {
        ManualClock clock = new ManualClock();
        FailureThrottle throttle = new FailureThrottle(2, Duration.ofMinutes(10), clock);
        throttle.recordFailure("k");
        clock.advance(Duration.ofMinutes(6));
        throttle.recordFailure("k");
        assertThat(throttle.isThrottled("k")).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(throttle.isThrottled("k")).isFalse();
    }

    @Test
    void resetShouldForgetFailures() {
        FailureThrottle throttle = new FailureThrottle(1, Duration.ofMinutes(10), new ManualClock());
        throttle.recordFailure("k");
        assertThat(throttle.isThrottled("k")).isTrue();
        throttle.reset("k");
        assertThat(throttle.isThrottled("k")).isFalse();
    }

    @Test
    void failuresShouldCountOnlyInsideTheWindow() {
        ManualClock clock = new ManualClock();
        FailureThrottle throttle = new FailureThrottle(5, Duration.ofMinutes(10), clock);
        throttle.recordFailure("k");
        clock.advance(Duration.ofMinutes(6));
        throttle.recordFailure("k");

        assertThat(throttle.failures("k")).isEqualTo(2);
        clock.advance(Duration.ofMinutes(5));
        assertThat(throttle.failures("k")).isEqualTo(1);
        assertThat(throttle.failures("other")).isZero();
    }

    @Test
    void failureDelayShouldDoubleWithEachFailureUpToItsBound() {
        Duration base = Duration.ofMillis(250);
        Duration max = Duration.ofSeconds(5);

        assertThat(PasswordAuthenticator.failureDelay(0, base, max)).isZero();
        assertThat(PasswordAuthenticator.failureDelay(1, base, max)).isEqualTo(Duration.ofMillis(250));
        assertThat(PasswordAuthenticator.failureDelay(2, base, max)).isEqualTo(Duration.ofMillis(500));
        assertThat(PasswordAuthenticator.failureDelay(5, base, max)).isEqualTo(Duration.ofMillis(4000));
        assertThat(PasswordAuthenticator.failureDelay(6, base, max)).isEqualTo(max);
        assertThat(PasswordAuthenticator.failureDelay(1_000_000, base, max)).isEqualTo(max);
        assertThat(PasswordAuthenticator.failureDelay(3, Duration.ZERO, max)).isZero();
    }

    @Test
    void sourceNetworkShouldCutAddressesAtTheConfiguredPrefix() throws Exception {
        SourceNetwork networks = new SourceNetwork(24, 64);

        assertThat(networks.of(java.net.InetAddress.getByName("192.0.2.77"))).isEqualTo("192.0.2.0/24");
        assertThat(networks.of(java.net.InetAddress.getByName("2001:db8:1:2:3:4:5:6"))).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(new SourceNetwork(20, 48).of(java.net.InetAddress.getByName("10.1.31.9"))).isEqualTo("10.1.16.0/20");
        assertThat(networks.of(null)).isEqualTo("unknown");
    }
}
