package dev.mailwright.bench;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One plain TCP connection to 127.0.0.1 with CRLF line reading; every read has a timeout. */
final class Wire implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Wire(int port, int readTimeoutMillis) throws IOException {
        this(port, readTimeoutMillis, true);
    }

    /** {@code noDelay} false: Nagle's algorithm on, as in clients that never set {@code TCP_NODELAY}. */
    Wire(int port, int readTimeoutMillis, boolean noDelay) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(noDelay);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(readTimeoutMillis);
        in = socket.getInputStream();
        out = new BufferedOutputStream(socket.getOutputStream(), 65536);
    }

    /** Bytes read from the socket and not yet consumed, {@code buffer[position..limit)}. */
    private final byte[] buffer = new byte[65536];
    private int position;
    private int limit;

    /**
     * One line without its CRLF (or bare LF). Scans the buffer for the LF instead of reading byte by byte: a
     * 2 MB FETCH answer must cost the client less than the server, or the client is what gets measured.
     */
    String readLine() throws IOException {
        ByteArrayOutputStream spill = null;   // a line longer than what the buffer holds
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
                    String line;
                    if (spill == null) {
                        line = new String(buffer, position, end - position, StandardCharsets.UTF_8);
                    } else {
                        spill.write(buffer, position, i - position);
                        byte[] bytes = spill.toByteArray();
                        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                        line = new String(bytes, 0, len, StandardCharsets.UTF_8);
                    }
                    position = i + 1;
                    return line;
                }
            }
            if (spill == null) {
                spill = new ByteArrayOutputStream(Math.max(128, limit - position));
            }
            spill.write(buffer, position, limit - position);
            position = limit;
            if (!fill()) {
                throw new EOFException("connection closed by server after: " + spill.toString(StandardCharsets.UTF_8));
            }
        }
    }

    /** Skips exactly n bytes (an IMAP literal); returns n. */
    long skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("connection closed inside a literal");
            }
            int take = (int) Math.min(limit - position, left);
            position += take;
            left -= take;
        }
        return n;
    }

    /** Reads more bytes into an empty buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        position = 0;
        limit = 0;
        int r = in.read(buffer, 0, buffer.length);
        if (r < 0) {
            return false;
        }
        limit = r;
        return true;
    }

    void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] b) throws IOException {
        out.write(b);
    }

    void flush() throws IOException {
        out.flush();
    }

    void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            System.err.println("close failed: " + e);
        }
    }
}
