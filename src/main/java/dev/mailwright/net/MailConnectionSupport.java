package dev.mailwright.net;

import java.net.Socket;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;

/**
 * The spring-integration-ip seam that makes the factory create our {@link MailConnection}s: a blocking
 * protocol loop per connection instead of message-driven deserializers (ARCHITECTURE §3).
 */
final class MailConnectionSupport implements TcpNetConnectionSupport {
    private final ListenerContext context;

    MailConnectionSupport(ListenerContext context) {
        this.context = context;
    }

    @Override
    public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
                                                ApplicationEventPublisher publisher, String connectionFactoryName) {
        return new MailConnection(socket, context, publisher, connectionFactoryName);
    }
}
