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

    /**
     * From now on both directions are raw DEFLATE streams (RFC 1951, no zlib header), inside TLS when TLS is active:
     * every {@link #write} ends with a sync flush, and {@link #input()} yields the inflated bytes. Bytes the client
     * sent after the command that started compression and that are already buffered are inflated too.
     */
    void startCompression() throws IOException;

    /** Whether {@link #startCompression()} has run on this connection. */
    boolean isCompressed();

    /** Whether the client connects from the loopback interface. */
    boolean isLoopback();

    /** The idle time-out: the longest wait for any byte from the client. */
    void setReadTimeout(Duration timeout) throws IOException;

    /**
     * What the session reads from now on (up to its next call of one of these {@code expect} methods) must arrive
     * within {@code limit} of its first byte: a command line. A read past it throws {@link DeadlineExceededException}.
     */
    void expectCommand(Duration limit);

    /** Like {@link #expectCommand}, but counted from now: an exchange the client must answer (SASL, the rest of a line). */
    void expectExchange(Duration limit);

    /** A bulk transfer (DATA, BDAT, a literal) begins now and must keep {@code pace}. */
    void expectTransfer(TransferPace pace);

    /**
     * The session must have authenticated ({@link #authenticated()}) within {@code budget} of now; a session that
     * never authenticates (MX) thereby gets a maximum duration. A read past it throws {@link DeadlineExceededException}.
     */
    void limitTimeUntilAuthenticated(Duration budget);

    /** The client authenticated: admission counts it as authenticated from now on, and its time budget ends. */
    void authenticated();

    /**
     * The client left the authenticated state (ManageSieve's UNAUTHENTICATE): admission counts it as unauthenticated
     * again, so it may be displaced, and it must authenticate anew within {@code budget}.
     */
    void unauthenticated(Duration budget);

    @Override
    void close();
}
