package dev.mailwright.net;

/**
 * A listener a protocol asks for: declare one as a bean and {@code net} binds it at start-up (port 0 = not
 * bound). {@code name} appears in logs and connection ids (e.g. {@code smtp}, {@code submission}, {@code imaps}).
 */
public record ListenerSpec(String name, String bindAddress, int port, TlsMode tlsMode, ConnectionHandler handler) {
}
