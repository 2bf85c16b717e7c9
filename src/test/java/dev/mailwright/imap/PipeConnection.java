package dev.mailwright.imap;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;

import dev.mailwright.net.Connection;
import dev.mailwright.net.TransferPace;

/** An in-process {@link Connection} over two pipes, for transcripts run without sockets (loopback, plaintext). */
final class PipeConnection implements Connection {
    final BytePipe toServer = new BytePipe();
    final BytePipe toClient = new BytePipe();
    private final String id;
    private volatile long readTimeoutMillis;

    PipeConnection(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public InputStream input() {
        return toServer.inputStream(() -> readTimeoutMillis);
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        toClient.write(bytes);
    }

    @Override
    public boolean hasBufferedInput() {
        return !toServer.isEmpty();
    }

    @Override
    public void startTls() throws IOException {
        throw new IOException("no TLS on an in-process pipe");
    }

    @Override
    public void startCompression() throws IOException {
        throw new IOException("no compression on an in-process pipe");
    }

    @Override
    public boolean isCompressed() {
        return false;
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public boolean isLoopback() {
        return true;
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        readTimeoutMillis = timeout.toMillis();
    }

    /** Transcripts run without deadlines: only the read time-out applies. */
    @Override
    public void expectCommand(Duration limit) {
    }

    @Override
    public void expectExchange(Duration limit) {
    }

    @Override
    public void expectTransfer(TransferPace pace) {
    }

    @Override
    public void limitTimeUntilAuthenticated(Duration budget) {
    }

    @Override
    public void authenticated() {
    }

    @Override
    public void unauthenticated(Duration budget) {
    }

    @Override
    public void close() {
        toServer.close();
        toClient.close();
    }
}
