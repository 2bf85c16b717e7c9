package dev.mailwright.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import jdk.net.ExtendedSocketOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;

import dev.mailwright.net.ConnectionLimiter.Permit;

/**
 * A spring-integration-ip connection that runs one blocking protocol session on its own virtual thread.
 * The transport is swappable: the accepted plain socket, then an {@link SSLSocket} layered over it in
 * server mode (STARTTLS, or at once for implicit TLS). Input goes through our own read-ahead buffer so
 * that {@link #hasBufferedInput()} sees only what we already took from the socket.
 */
final class MailConnection extends TcpNetConnection implements Connection {
    private static final Logger log = LoggerFactory.getLogger(MailConnection.class);
    /** After our last reply: how long we wait for the client to close before we do. */
    private static final Duration LINGER = Duration.ofMillis(500);
    private static final int LINGER_MAX_BYTES = 64 * 1024;

    private final Socket plain;
    /** Whether {@code TCP_QUICKACK} is available on this socket (Linux); set in {@link #run}. */
    private boolean quickAck;
    private final ListenerContext context;
    private final String id;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Socket transport;
    private volatile OutputStream output;
    private volatile TransportInput input;
    private volatile Optional<Permit> permit = Optional.empty();
    private volatile Optional<DeflateCodec> compression = Optional.empty();

    MailConnection(Socket socket, ListenerContext context, ApplicationEventPublisher publisher, String factoryName) {
        super(socket, true, false, publisher, factoryName);
        this.plain = socket;
        this.transport = socket;
        this.context = context;
        this.id = context.nextId();
    }

    /**
     * Before the session waits for more bytes: asks the kernel to acknowledge what has arrived at once
     * ({@code TCP_QUICKACK}, Linux). A client with Nagle's algorithm on that writes a literal and then the rest of its
     * line (Python's imaplib, for one) holds the second write until the first is acknowledged, and a delayed ACK
     * costs 40 ms per such command on Linux. The kernel drops quick-ACK mode on its own, so it is asked before every
     * wait (one system call per read that blocks; Dovecot does the same).
     */
    private void acknowledgePromptly() {
        if (quickAck) {
            try {
                plain.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            } catch (IOException | UnsupportedOperationException e) {
                quickAck = false;   // a closed socket or another platform: reads work as before
            }
        }
    }

    @Override
    public void run() {
        context.open().add(this);
        try {
            output = plain.getOutputStream();
            quickAck = plain.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
            input = new TransportInput(plain.getInputStream(), millis -> transport.setSoTimeout(millis), this::acknowledgePromptly);
            log.debug("{}: connected from {}", id, remoteAddress());
            permit = context.limiter().tryAcquire(context.gate(), plain.getInetAddress(), this::displace);
            if (permit.isEmpty()) {
                refuse();
                return;
            }
            switch (context.spec().tlsMode()) {
                case PLAIN -> { }
                case IMPLICIT -> upgrade();
            }
            context.spec().handler().serve(this);
            linger();
        } catch (IOException e) {
            log.debug("{}: connection ended: {}", id, e.toString());
        } catch (RuntimeException e) {
            log.error("{}: session failed", id, e);
        } finally {
            close();
            endCompression();
            context.open().remove(this);
            permit.ifPresent(Permit::close);   // last, so that a new connection never sees this one still counted
            log.debug("{}: closed", id);
        }
    }

    private void refuse() throws IOException {
        log.info("{}: refused {}: connection limit reached", id, remoteAddress());
        switch (context.spec().tlsMode()) {
            case PLAIN -> { }
            case IMPLICIT -> upgrade();
        }
        write(context.spec().handler().refusal());
        linger();
    }

    /**
     * A newcomer took this unauthenticated connection's place ({@link ConnectionLimiter}): the client hears the
     * refusal if the session waits for it (never inside one of our replies), then the connection closes. On a thread
     * of its own, so that the newcomer never waits for this client.
     */
    private void displace() {
        log.info("{}: displaced by a newer connection ({} unauthenticated sessions full)", id, context.spec().name());
        Thread.ofVirtual().name("displace-" + id).start(() -> {
            try {
                if (awaitingClient()) {
                    write(context.spec().handler().refusal());
                }
            } catch (IOException e) {
                log.debug("{}: refusal not delivered: {}", id, e.toString());
            } finally {
                close();
            }
        });
    }

    /**
     * Tells the client the server is going away, but only while the session waits for the client's input,
     * so the notice never lands inside one of our own replies. A session busy with a command gets up to
     * {@code patience} to finish it. The caller closes the connection next.
     */
    void announceShutdown(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (!awaitingClient()) {
                if (closed.get() || System.nanoTime() > deadline) {
                    return;
                }
                Thread.sleep(5);
            }
            write(context.spec().handler().shutdownNotice());
        } catch (IOException e) {
            log.debug("{}: shutdown notice not delivered: {}", id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitingClient() {
        TransportInput current = input;
        return current != null && current.awaitingClient();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) plain.getRemoteSocketAddress();
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    protected InputStream inputStream() {
        return input;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        writeLock.lock();
        try {
            if (closed.get()) {
                throw new IOException(id + ": connection closed");
            }
            output.write(bytes);
            output.flush();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean hasBufferedInput() {
        return input.buffered() > 0;
    }

    @Override
    public void startTls() throws IOException {
        if (isSecure()) {
            throw new IllegalStateException(id + ": TLS is already active");
        }
        upgrade();
    }

    /** Layers TLS in server mode over the plain socket and continues reading and writing through it. */
    private void upgrade() throws IOException {
        writeLock.lock();
        try {
            SSLContext tls = context.tls().serverContext();
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory()
                    .createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
            ssl.setUseClientMode(false);
            int previousTimeout = plain.getSoTimeout();
            Duration limit = context.handshakeTimeout();
            plain.setSoTimeout((int) Math.min(Integer.MAX_VALUE, limit.toMillis()));
            // the read time-out only catches silence: a client trickling its handshake is cut off when the whole limit passes
            Thread watchdog = Thread.ofVirtual().name("handshake-" + id).start(() -> {
                try {
                    Thread.sleep(limit);
                    log.info("{}: TLS handshake not completed within {}", id, limit);
                    close();
                } catch (InterruptedException completed) {
                    // the handshake ended in time, one way or the other
                }
            });
            try {
                ssl.startHandshake();
            } finally {
                watchdog.interrupt();
            }
            plain.setSoTimeout(previousTimeout);
            transport = ssl;
            output = ssl.getOutputStream();
            input.switchTo(ssl.getInputStream());
            log.debug("{}: TLS {} {}", id, ssl.getSession().getProtocol(), ssl.getSession().getCipherSuite());
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean isSecure() {
        return transport instanceof SSLSocket;
    }

    /**
     * Layers DEFLATE over the current transport (so inside TLS). The session has flushed its last uncompressed
     * reply; the write lock keeps an IDLE push from slipping between that reply and the switch.
     */
    @Override
    public void startCompression() throws IOException {
        writeLock.lock();
        try {
            if (compression.isPresent()) {
                throw new IllegalStateException(id + ": compression is already active");
            }
            DeflateCodec codec = new DeflateCodec();
            output = codec.output(output);
            input.wrapSource(codec::input);
            compression = Optional.of(codec);
            log.debug("{}: DEFLATE compression active", id);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Frees the codec's native memory. Only the session thread (the one reader) calls this, after {@link #close()}:
     * a writer still inside the deflater finishes first, and writes after it fail like writes to the closed socket.
     */
    private void endCompression() {
        compression.ifPresent(codec -> {
            writeLock.lock();
            try {
                log.debug("{}: DEFLATE sent {} bytes as {}", id, codec.uncompressedOut(), codec.compressedOut());
                codec.close();
            } finally {
                writeLock.unlock();
            }
        });
    }

    @Override
    public boolean isCompressed() {
        return compression.isPresent();
    }

    @Override
    public SSLSession getSslSession() {
        return transport instanceof SSLSocket ssl ? ssl.getSession() : null;
    }

    @Override
    public boolean isLoopback() {
        return plain.getInetAddress().isLoopbackAddress();
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        input.idleTimeout(timeout);
    }

    @Override
    public void expectCommand(Duration limit) {
        input.expectCommand(limit);
    }

    @Override
    public void expectExchange(Duration limit) {
        input.expectExchange(limit);
    }

    @Override
    public void expectTransfer(TransferPace pace) {
        input.expectTransfer(pace);
    }

    @Override
    public void limitTimeUntilAuthenticated(Duration budget) {
        input.sessionBudget(budget);
    }

    @Override
    public void authenticated() {
        input.endSessionBudget();
        permit.ifPresent(Permit::authenticated);
    }

    @Override
    public void unauthenticated(Duration budget) {
        permit.ifPresent(Permit::unauthenticated);
        input.sessionBudget(budget);
    }

    /**
     * Half-closes and reads whatever the client still sends for a moment, so that our last reply is not
     * destroyed by a TCP reset when unread client bytes meet our close. TLS ends with close_notify instead.
     */
    private void linger() throws IOException {
        if (closed.get() || plain.isClosed() || isSecure()) {
            return;
        }
        plain.shutdownOutput();
        plain.setSoTimeout((int) LINGER.toMillis());
        InputStream raw = plain.getInputStream();
        byte[] sink = new byte[4096];
        int total = 0;
        try {
            int n;
            while (total < LINGER_MAX_BYTES && (n = raw.read(sink)) >= 0) {
                total += n;
            }
        } catch (SocketTimeoutException ignored) {
            // the client did not close within the linger time; we close now
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Socket current = transport;
        if (current != plain) {
            try {
                current.close();
            } catch (IOException ignored) {
                // closing a TLS socket whose peer is gone; the plain socket is closed below regardless
            }
        }
        super.close();
    }

    @Override
    public String toString() {
        return id;
    }
}
