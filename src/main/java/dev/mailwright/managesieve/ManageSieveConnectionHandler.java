package dev.mailwright.managesieve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.mailwright.net.Connection;
import dev.mailwright.net.ConnectionHandler;

/** Runs a {@link ManageSieveSession} on each connection of the listener. */
final class ManageSieveConnectionHandler implements ConnectionHandler {
    private static final byte[] REFUSAL = "BYE (TRYLATER) \"Too many connections, try again later\"\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHUTDOWN = "BYE (TRYLATER) \"Server shutting down\"\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ManageSieveServer server;

    ManageSieveConnectionHandler(ManageSieveServer server) {
        this.server = server;
    }

    @Override
    public void serve(Connection connection) throws IOException {
        new ManageSieveSession(connection, server).run();
    }

    @Override
    public byte[] refusal() {
        return REFUSAL.clone();
    }

    @Override
    public byte[] shutdownNotice() {
        return SHUTDOWN.clone();
    }

    @Override
    public String protocol() {
        return "ManageSieve";
    }
}
