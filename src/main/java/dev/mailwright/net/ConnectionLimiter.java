package dev.mailwright.net;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

/**
 * Admission of connections. Counts open connections over all listeners, in total and per remote address
 * ({@code mailwright.connections.max-total}, {@code max-per-ip}), and unauthenticated sessions per remote address
 * ({@code max-unauthenticated-per-ip}); each listener also has a {@link Gate} of its own: a cap on its connections
 * and a smaller one on its unauthenticated sessions, so that a flood on one port never takes another port's room
 * and unauthenticated sessions never take the room of authenticated ones.
 *
 * <p>When a listener (or the total) is full, a newcomer may take the place of an unauthenticated session of that
 * listener: the oldest one of the address that holds the most of them there, and only if that address holds at least
 * two more than the newcomer's would. So a client from a quiet address still gets in while a few addresses flood a
 * port, and the flooders only displace each other. Authenticated sessions are never displaced.
 */
final class ConnectionLimiter {
    private final int maxTotal;
    private final int maxPerAddress;
    private final int maxUnauthenticatedPerAddress;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private final Map<InetAddress, Integer> unauthenticatedPerAddress = new HashMap<>();
    private final Gate shared = new Gate("shared", Integer.MAX_VALUE, Integer.MAX_VALUE);
    private int total;

    ConnectionLimiter(int maxTotal, int maxPerAddress) {
        this(maxTotal, maxPerAddress, maxPerAddress);
    }

    ConnectionLimiter(int maxTotal, int maxPerAddress, int maxUnauthenticatedPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.maxUnauthenticatedPerAddress = maxUnauthenticatedPerAddress;
    }

    /** A listener's own caps; {@code maxUnauthenticated} above {@code maxConnections} means no separate cap. */
    Gate gate(String name, int maxConnections, int maxUnauthenticated) {
        return new Gate(name, maxConnections, Math.min(maxConnections, maxUnauthenticated));
    }

    /** A permit without a listener cap of its own, never displaced. */
    Optional<Permit> tryAcquire(InetAddress address) {
        return tryAcquire(shared, address, () -> { });
    }

    /**
     * A permit to keep a new, unauthenticated connection open on {@code gate}'s listener, or empty when a limit is
     * reached and no session may be displaced. {@code displaced} runs (on the caller's thread, after the bookkeeping)
     * when this connection is later displaced by a newcomer: it must end the connection.
     */
    Optional<Permit> tryAcquire(Gate gate, InetAddress address, Runnable displaced) {
        Permit victim = null;
        Permit permit;
        synchronized (this) {
            if (perAddress.getOrDefault(address, 0) >= maxPerAddress
                    || unauthenticatedPerAddress.getOrDefault(address, 0) >= maxUnauthenticatedPerAddress) {
                return Optional.empty();
            }
            if (total >= maxTotal || gate.open >= gate.maxConnections || gate.unauthenticatedCount >= gate.maxUnauthenticated) {
                victim = gate.displaceable(address);
                if (victim == null) {
                    return Optional.empty();
                }
                victim.release();
            }
            permit = new Permit(this, gate, address, displaced);
            total++;
            perAddress.merge(address, 1, Integer::sum);
            unauthenticatedPerAddress.merge(address, 1, Integer::sum);
            gate.open++;
            gate.addUnauthenticated(permit);
        }
        if (victim != null) {
            victim.displaced.run();
        }
        return Optional.of(permit);
    }

    synchronized int total() {
        return total;
    }

    /** One listener's share: its open connections and, by address in arrival order, its unauthenticated ones. */
    static final class Gate {
        private final String name;
        private final int maxConnections;
        private final int maxUnauthenticated;
        private final Map<InetAddress, LinkedHashSet<Permit>> unauthenticated = new HashMap<>();
        private int open;
        private int unauthenticatedCount;

        private Gate(String name, int maxConnections, int maxUnauthenticated) {
            this.name = name;
            this.maxConnections = maxConnections;
            this.maxUnauthenticated = maxUnauthenticated;
        }

        String name() {
            return name;
        }

        private void addUnauthenticated(Permit permit) {
            unauthenticated.computeIfAbsent(permit.address, a -> new LinkedHashSet<>()).add(permit);
            unauthenticatedCount++;
        }

        private void removeUnauthenticated(Permit permit) {
            LinkedHashSet<Permit> ofAddress = unauthenticated.get(permit.address);
            if (ofAddress != null && ofAddress.remove(permit)) {
                unauthenticatedCount--;
                if (ofAddress.isEmpty()) {
                    unauthenticated.remove(permit.address);
                }
            }
        }

        /** The oldest unauthenticated session of the busiest address, if it holds two more than {@code newcomer} would. */
        private Permit displaceable(InetAddress newcomer) {
            LinkedHashSet<Permit> busiest = null;
            for (LinkedHashSet<Permit> ofAddress : unauthenticated.values()) {
                if (busiest == null || ofAddress.size() > busiest.size()) {
                    busiest = ofAddress;
                }
            }
            LinkedHashSet<Permit> newcomers = unauthenticated.get(newcomer);
            int newcomerHolds = newcomers == null ? 0 : newcomers.size();
            if (busiest == null || busiest.size() <= newcomerHolds + 1) {
                return null;
            }
            return busiest.getFirst();
        }
    }

    private enum State { UNAUTHENTICATED, AUTHENTICATED, RELEASED }

    /** Released exactly once, when the connection ends or is displaced. */
    static final class Permit implements AutoCloseable {
        private final ConnectionLimiter limiter;
        private final Gate gate;
        private final InetAddress address;
        private final Runnable displaced;
        private State state = State.UNAUTHENTICATED;

        private Permit(ConnectionLimiter limiter, Gate gate, InetAddress address, Runnable displaced) {
            this.limiter = limiter;
            this.gate = gate;
            this.address = address;
            this.displaced = displaced;
        }

        /** The session authenticated: it no longer counts, nor can be displaced, as an unauthenticated one. */
        void authenticated() {
            synchronized (limiter) {
                if (state == State.UNAUTHENTICATED) {
                    forgetUnauthenticated();
                    state = State.AUTHENTICATED;
                }
            }
        }

        /** The session authenticated before and no longer is: it counts, and may be displaced, as unauthenticated. */
        void unauthenticated() {
            synchronized (limiter) {
                if (state == State.AUTHENTICATED) {
                    gate.addUnauthenticated(this);
                    limiter.unauthenticatedPerAddress.merge(address, 1, Integer::sum);
                    state = State.UNAUTHENTICATED;
                }
            }
        }

        @Override
        public void close() {
            synchronized (limiter) {
                release();
            }
        }

        /** Under the limiter's lock. */
        private void release() {
            if (state == State.RELEASED) {
                return;
            }
            if (state == State.UNAUTHENTICATED) {
                forgetUnauthenticated();
            }
            state = State.RELEASED;
            limiter.total--;
            limiter.perAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
            gate.open--;
        }

        private void forgetUnauthenticated() {
            gate.removeUnauthenticated(this);
            limiter.unauthenticatedPerAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
        }
    }
}
