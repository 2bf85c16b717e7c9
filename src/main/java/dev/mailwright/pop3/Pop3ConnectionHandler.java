package dev.mailwright.pop3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.mailwright.net.Connection;
import dev.mailwright.net.ConnectionHandler;

/** Runs a {@link Pop3Session} on each connection of one listener. */
final class Pop3ConnectionHandler implements ConnectionHandler {
    private static final byte[] REFUSAL = "-ERR [SYS/TEMP] Too many connections, try again later\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHUTDOWN = "-ERR [SYS/TEMP] Server shutting down\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Pop3Server server;
    private final boolean offersStls;

    /** {@code offersStls}: the plaintext listener, where STLS upgrades the connection. */
    Pop3ConnectionHandler(Pop3Server server, boolean offersStls) {
        this.server = server;
        this.offersStls = offersStls;
    }

    @Override
    public void serve(Connection connection) throws IOException {
        new Pop3Session(connection, server, offersStls).run();
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
        return "POP3";
    }
}
