package dev.mailwright.net;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts open connections over all listeners, in total and per remote address
 * ({@code mailwright.connections.max-total}, {@code max-per-ip}).
 */
final class ConnectionLimiter {
    private final int maxTotal;
    private final int maxPerAddress;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int total;

    ConnectionLimiter(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** A permit to keep a connection open, or empty when a limit is reached. */
    synchronized Optional<Permit> tryAcquire(InetAddress address) {
        int current = perAddress.getOrDefault(address, 0);
        if (total >= maxTotal || current >= maxPerAddress) {
            return Optional.empty();
        }
        total++;
        perAddress.put(address, current + 1);
        return Optional.of(new Permit(this, address));
    }

    synchronized int total() {
        return total;
    }

    private synchronized void release(InetAddress address) {
        total--;
        perAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
    }

    /** Released exactly once, when the connection ends. */
    static final class Permit implements AutoCloseable {
        private final ConnectionLimiter limiter;
        private final InetAddress address;
        private boolean released;

        private Permit(ConnectionLimiter limiter, InetAddress address) {
            this.limiter = limiter;
            this.address = address;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                limiter.release(address);
            }
        }
    }
}
