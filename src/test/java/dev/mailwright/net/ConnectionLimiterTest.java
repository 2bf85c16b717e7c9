package dev.mailwright.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {
    private static final InetAddress A = address(1);
    private static final InetAddress B = address(2);

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void perAddressLimitShouldNotAffectOtherAddresses() {
        ConnectionLimiter limiter = new ConnectionLimiter(10, 1);
        assertThat(limiter.tryAcquire(A)).isPresent();

        assertThat(limiter.tryAcquire(A)).isEmpty();
        assertThat(limiter.tryAcquire(B)).isPresent();
    }

    @Test
    void totalLimitShouldApplyOverAllAddresses() {
        ConnectionLimiter limiter = new ConnectionLimiter(2, 5);
        limiter.tryAcquire(A);
        limiter.tryAcquire(B);

        assertThat(limiter.tryAcquire(address(3))).isEmpty();
    }

    @Test
    void closingAPermitTwiceShouldReleaseOnce() {
        ConnectionLimiter limiter = new ConnectionLimiter(2, 2);
        Optional<ConnectionLimiter.Permit> first = limiter.tryAcquire(A);
        limiter.tryAcquire(A);

        first.orElseThrow().close();
        first.orElseThrow().close();

        assertThat(limiter.total()).isEqualTo(1);
        assertThat(limiter.tryAcquire(A)).isPresent();
        assertThat(limiter.tryAcquire(A)).isEmpty();
    }
}
