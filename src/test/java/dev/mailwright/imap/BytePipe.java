package dev.mailwright.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A one-way byte pipe between two threads with read timeouts; closing the write end gives end of stream. */
final class BytePipe {
    private final byte[] buf = new byte[1 << 20];
    private int head;
    private int count;
    private boolean closed;

    synchronized void write(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            while (count == buf.length) {
                if (closed) {
                    throw new IOException("pipe closed");
                }
                waitFor(0);
            }
            buf[(head + count) % buf.length] = b;
            count++;
        }
        notifyAll();
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized boolean isEmpty() {
        return count == 0;
    }

    /** Reads one byte, -1 at end of stream; throws {@link SocketTimeoutException} after {@code timeoutMillis} (0 = forever). */
    synchronized int read(long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (count == 0) {
            if (closed) {
                return -1;
            }
            long left = deadline - System.currentTimeMillis();
            if (timeoutMillis > 0 && left <= 0) {
                throw new SocketTimeoutException("read timed out");
            }
            waitFor(timeoutMillis > 0 ? left : 0);
        }
        int b = buf[head] & 0xff;
        head = (head + 1) % buf.length;
        count--;
        notifyAll();
        return b;
    }

    /** A line without CRLF, or empty at end of stream. */
    Optional<String> readLine(long timeoutMillis) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        while (true) {
            int b = read(timeoutMillis);
            if (b < 0) {
                return line.size() == 0 ? Optional.empty() : Optional.of(line.toString(StandardCharsets.UTF_8));
            }
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return Optional.of(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
            }
            line.write(b);
        }
    }

    private void waitFor(long millis) throws InterruptedIOException {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    InputStream inputStream(java.util.function.LongSupplier timeout) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return BytePipe.this.read(timeout.getAsLong());
            }
        };
    }
}
