package dev.mailwright.net;

import java.io.IOException;
import java.io.InputStream;

/**
 * The connection's own read-ahead buffer over whichever transport is current. Unlike
 * {@link java.io.BufferedInputStream#available()}, {@link #buffered()} counts only bytes already taken from
 * the socket, never bytes still in the kernel: that is what the STARTTLS injection check needs.
 * Read by one thread (the session's).
 */
final class TransportInput extends InputStream {
    private static final int BUFFER_SIZE = 16 * 1024;

    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    private InputStream source;
    /** True while the session thread is blocked reading the socket with nothing left in the buffer. */
    private volatile boolean awaitingClient;

    TransportInput(InputStream source) {
        this.source = source;
    }

    /** Continues on a new transport (after a TLS upgrade); whatever was read ahead is dropped. */
    void switchTo(InputStream next) {
        source = next;
        position = 0;
        limit = 0;
    }

    int buffered() {
        return limit - position;
    }

    /**
     * Whether the session is waiting for the client's next bytes: a safe moment to put a line of our own
     * on the wire. Called from other threads.
     */
    boolean awaitingClient() {
        return awaitingClient;
    }

    @Override
    public int read() throws IOException {
        if (position >= limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position >= limit) {
            if (length >= buffer.length) {
                return readSource(target, offset, length);
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /** Only our own buffered bytes; never blocks. */
    @Override
    public int available() {
        return buffered();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private boolean fill() throws IOException {
        int n = readSource(buffer, 0, buffer.length);
        if (n <= 0) {
            position = 0;
            limit = 0;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private int readSource(byte[] target, int offset, int length) throws IOException {
        awaitingClient = true;
        try {
            return source.read(target, offset, length);
        } finally {
            awaitingClient = false;
        }
    }
}
