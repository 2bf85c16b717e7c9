package dev.mailwright.net;

/**
 * A listener a protocol asks for: declare one as a bean and {@code net} binds it at start-up (port 0 = not
 * bound). {@code name} appears in logs and connection ids (e.g. {@code smtp}, {@code submission}, {@code imaps}).
 * {@code maxConnections} caps this listener's open connections, {@code maxUnauthenticated} those of them that have
 * not authenticated (yet); see {@link ConnectionLimiter}.
 */
public record ListenerSpec(String name, String bindAddress, int port, TlsMode tlsMode, ConnectionHandler handler,
                           int maxConnections, int maxUnauthenticated) {

    public ListenerSpec {
        if (maxConnections < 1 || maxUnauthenticated < 1) {
            throw new IllegalArgumentException("listener '" + name + "': max-connections and max-unauthenticated must be >= 1");
        }
    }

    /** A listener limited only by the limits shared by all listeners. */
    public ListenerSpec(String name, String bindAddress, int port, TlsMode tlsMode, ConnectionHandler handler) {
        this(name, bindAddress, port, tlsMode, handler, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }
}
