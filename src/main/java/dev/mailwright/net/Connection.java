package dev.mailwright.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One client connection as a protocol session sees it. The transport under it is swappable: after
 * {@link #startTls()} the same object reads and writes through TLS. Reads block on the connection's own
 * virtual thread; writes from any thread are serialised by a per-connection lock.
 */
public interface Connection extends AutoCloseable {

    /** Short id for logs, e.g. {@code imap-17}. */
    String id();

    InetSocketAddress remoteAddress();

    /** Buffered input. Read timeouts surface as {@link java.net.SocketTimeoutException}. */
    InputStream input();

    /** Writes and flushes atomically with respect to other writers of this connection. */
    void write(byte[] bytes) throws IOException;

    /**
     * Whether our own input buffer holds bytes the client sent after the last command. A STARTTLS
     * handler must refuse (command injection) when this is true. Bytes still in the kernel are not counted.
     */
    boolean hasBufferedInput();

    /** Upgrades to TLS in server mode over the same socket. Buffered plaintext is discarded. */
    void startTls() throws IOException;

    boolean isSecure();

    /** Whether the client connects from the loopback interface. */
    boolean isLoopback();

    void setReadTimeout(Duration timeout) throws IOException;

    @Override
    void close();
}
