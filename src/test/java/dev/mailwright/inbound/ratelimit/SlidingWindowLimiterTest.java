package dev.mailwright.inbound.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsTheLimitWithinAnyWindowAndFreesSlotsAsEventsAgeOut() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(3, Duration.ofSeconds(10), 100);
        assertThat(limiter.tryAcquire("a", 0)).isTrue();
        assertThat(limiter.tryAcquire("a", 4 * SECOND)).isTrue();
        assertThat(limiter.tryAcquire("a", 8 * SECOND)).isTrue();
        assertThat(limiter.tryAcquire("a", 9 * SECOND)).isFalse();
        assertThat(limiter.tryAcquire("b", 9 * SECOND)).as("keys are independent").isTrue();
        assertThat(limiter.tryAcquire("a", 10 * SECOND)).as("the first event left the window").isTrue();
        assertThat(limiter.tryAcquire("a", 11 * SECOND)).isFalse();
    }

    @Test
    void memoryIsBoundedByMaxKeys() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(1, Duration.ofSeconds(10), 2);
        assertThat(limiter.tryAcquire("a", 0)).isTrue();
        assertThat(limiter.tryAcquire("b", 0)).isTrue();
        assertThat(limiter.tryAcquire("c", 20 * SECOND)).isTrue();   // a and b were idle: forgotten
        assertThat(limiter.tryAcquire("a", 20 * SECOND)).isTrue();
    }

    @Test
    void networksMatchByPrefixAndRejectNames() throws Exception {
        ClientNetworks networks = ClientNetworks.parse(List.of("127.0.0.0/8", "192.0.2.128/25", "2001:db8::/32", " "));
        assertThat(networks.contains(InetAddress.getByName("127.1.2.3"))).isTrue();
        assertThat(networks.contains(InetAddress.getByName("192.0.2.200"))).isTrue();
        assertThat(networks.contains(InetAddress.getByName("192.0.2.100"))).isFalse();
        assertThat(networks.contains(InetAddress.getByName("2001:db8:1::5"))).isTrue();
        assertThat(networks.contains(InetAddress.getByName("2001:db9::5"))).isFalse();
        assertThatThrownBy(() -> ClientNetworks.parse(List.of("example.org/24"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientNetworks.parse(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
    }
}
