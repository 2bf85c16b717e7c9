package dev.mailwright.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

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

    @Test
    void listenerCapShouldNotTakeRoomFromAnotherListener() {
        ConnectionLimiter limiter = new ConnectionLimiter(10, 10, 10);
        ConnectionLimiter.Gate mx = limiter.gate("smtp", 2, 2);
        ConnectionLimiter.Gate imap = limiter.gate("imap", 5, 5);
        limiter.tryAcquire(mx, A, () -> { });
        limiter.tryAcquire(mx, A, () -> { });

        assertThat(limiter.tryAcquire(mx, A, () -> { })).as("the MX gate is full").isEmpty();
        assertThat(limiter.tryAcquire(imap, A, () -> { })).as("IMAP has room of its own").isPresent();
    }

    @Test
    void fullUnauthenticatedCapShouldLetANewcomerDisplaceTheOldestSessionOfTheBusiestAddress() {
        ConnectionLimiter limiter = new ConnectionLimiter(100, 100, 100);
        ConnectionLimiter.Gate imap = limiter.gate("imap", 10, 3);
        AtomicInteger displacedFromA = new AtomicInteger();
        AtomicInteger displacedFromB = new AtomicInteger();
        ConnectionLimiter.Permit oldestOfA = limiter.tryAcquire(imap, A, displacedFromA::incrementAndGet).orElseThrow();
        limiter.tryAcquire(imap, A, displacedFromA::incrementAndGet).orElseThrow();
        limiter.tryAcquire(imap, B, displacedFromB::incrementAndGet).orElseThrow();

        Optional<ConnectionLimiter.Permit> newcomer = limiter.tryAcquire(imap, address(3), () -> { });

        assertThat(newcomer).isPresent();
        assertThat(displacedFromA).hasValue(1);
        assertThat(displacedFromB).hasValue(0);
        assertThat(limiter.total()).isEqualTo(3);
        oldestOfA.close();
        assertThat(limiter.total()).as("a displaced permit is released once, at displacement").isEqualTo(3);
    }

    @Test
    void newcomerShouldBeRefusedWhenItsAddressIsAsBusyAsTheBusiestOne() {
        ConnectionLimiter limiter = new ConnectionLimiter(100, 100, 100);
        ConnectionLimiter.Gate imap = limiter.gate("imap", 10, 2);
        AtomicInteger displaced = new AtomicInteger();
        limiter.tryAcquire(imap, A, displaced::incrementAndGet);
        limiter.tryAcquire(imap, B, displaced::incrementAndGet);

        assertThat(limiter.tryAcquire(imap, A, () -> { })).isEmpty();
        assertThat(limiter.tryAcquire(imap, address(3), () -> { })).as("one session per address: nobody to displace").isEmpty();
        assertThat(displaced).hasValue(0);
    }

    @Test
    void authenticatedSessionsShouldNeitherCountAsUnauthenticatedNorBeDisplaced() {
        ConnectionLimiter limiter = new ConnectionLimiter(100, 100, 100);
        ConnectionLimiter.Gate imap = limiter.gate("imap", 3, 1);
        AtomicInteger displaced = new AtomicInteger();
        limiter.tryAcquire(imap, A, displaced::incrementAndGet).orElseThrow().authenticated();
        limiter.tryAcquire(imap, A, displaced::incrementAndGet).orElseThrow().authenticated();
        assertThat(limiter.tryAcquire(imap, A, displaced::incrementAndGet)).as("the unauthenticated slot is free").isPresent();

        assertThat(limiter.tryAcquire(imap, B, () -> { })).as("listener full: two authenticated, one unauthenticated of A").isEmpty();
        assertThat(displaced).hasValue(0);
    }

    @Test
    void unauthenticatedSessionsPerAddressShouldBeCappedOverAllListeners() {
        ConnectionLimiter limiter = new ConnectionLimiter(100, 10, 2);
        ConnectionLimiter.Gate mx = limiter.gate("smtp", 50, 50);
        ConnectionLimiter.Gate imap = limiter.gate("imap", 50, 50);
        limiter.tryAcquire(mx, A, () -> { });
        ConnectionLimiter.Permit second = limiter.tryAcquire(imap, A, () -> { }).orElseThrow();

        assertThat(limiter.tryAcquire(imap, A, () -> { })).isEmpty();
        second.authenticated();
        assertThat(limiter.tryAcquire(imap, A, () -> { })).isPresent();
    }

    @Test
    void aSessionThatUnauthenticatesShouldCountAndBeDisplaceableAsUnauthenticatedAgain() {
        ConnectionLimiter limiter = new ConnectionLimiter(100, 10, 3);
        ConnectionLimiter.Gate sieve = limiter.gate("managesieve", 3, 3);
        AtomicInteger displaced = new AtomicInteger();
        ConnectionLimiter.Permit first = limiter.tryAcquire(sieve, A, displaced::incrementAndGet).orElseThrow();
        first.authenticated();
        limiter.tryAcquire(sieve, A, displaced::incrementAndGet).orElseThrow();
        limiter.tryAcquire(sieve, B, () -> { }).orElseThrow();
        InetAddress c = address(3);
        assertThat(limiter.tryAcquire(sieve, c, () -> { }))
                .as("listener full; A and B hold one unauthenticated session each: nobody to displace").isEmpty();

        first.unauthenticated();
        assertThat(limiter.tryAcquire(sieve, c, () -> { }))
                .as("A holds two unauthenticated sessions now: the newcomer displaces the older one").isPresent();
        assertThat(displaced).hasValue(1);
        assertThat(limiter.total()).isEqualTo(3);
    }
}
