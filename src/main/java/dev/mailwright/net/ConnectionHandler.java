package dev.mailwright.net;

import java.io.IOException;

/** The protocol side of a listener: SMTP or IMAP. */
public interface ConnectionHandler {

    /**
     * Runs one session on the connection's own virtual thread and returns when it ends. The listener
     * closes the connection afterwards.
     */
    void serve(Connection connection) throws IOException;

    /**
     * The bytes sent, before closing, to a client refused because a connection limit is reached:
     * {@code 421 4.7.0 ...\r\n} for SMTP, {@code * BYE ...\r\n} for IMAP.
     */
    byte[] refusal();

    /**
     * The bytes sent to a client whose session is waiting for its input when the server stops:
     * {@code 421 4.3.2 ...\r\n} for SMTP (RFC 5321 §3.8), {@code * BYE ...\r\n} for IMAP.
     */
    byte[] shutdownNotice();

    /** Protocol name for logs, e.g. {@code SMTP}. */
    default String protocol() {
        return getClass().getSimpleName();
    }
}
