package dev.mailwright.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.session.SessionContext.TlsOffer;
import dev.mailwright.net.Connection;
import dev.mailwright.net.ConnectionHandler;

/** Runs an {@link ImapSession} on each connection of one listener. */
public final class ImapConnectionHandler implements ConnectionHandler {
    private static final byte[] REFUSAL = "* BYE Too many connections\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHUTDOWN = "* BYE Server shutting down\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ImapServer server;
    private final MailwrightProperties properties;
    private final TlsOffer tlsOffer;

    ImapConnectionHandler(ImapServer server, MailwrightProperties properties, TlsOffer tlsOffer) {
        this.server = server;
        this.properties = properties;
        this.tlsOffer = tlsOffer;
    }

    @Override
    public void serve(Connection connection) throws IOException {
        SessionContext ctx = new SessionContext(connection, properties, tlsOffer);
        Path spool = properties.dataDir().resolve("spool");
        new ImapSession(connection, server, ctx, spool).run();
    }

    @Override
    public byte[] refusal() {
        return REFUSAL.clone();
    }

    @Override
    public byte[] shutdownNotice() {
        return SHUTDOWN.clone();
    }
}
