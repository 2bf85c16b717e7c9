package dev.mailwright.admission;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A raw line client for SMTP and IMAP over a real socket, bound to a chosen loopback source address so that one
 * test can play many hosts. Every read has a time-out, so a broken server fails a test instead of hanging it.
 */
final class WireClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private WireClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects from {@code source} (e.g. {@code 127.0.0.7}) with a read time-out of {@code readTimeout}. */
    static WireClient connect(String source, int port, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 20_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            return new WireClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    static WireClient connect(String source, int port) throws IOException {
        return connect(source, port, Duration.ofSeconds(20));
    }

    void send(String line) throws IOException {
        sendRaw(line + "\r\n");
    }

    void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Sends {@code text} one byte every {@code interval} on a virtual thread of its own, until all is sent or the
     * server ends the connection: a client that is never silent for long, but never finishes either.
     */
    Thread trickle(String text, Duration interval) {
        return Thread.ofVirtual().start(() -> {
            try {
                for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(interval);
                }
            } catch (IOException | InterruptedException endedByServer) {
                // the server closed the connection, which is what the tests wait for
            }
        });
    }

    /** One line without CRLF; null at end of stream or on a reset. */
    String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        try {
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.US_ASCII);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                line.write(b);
            }
        } catch (SocketException reset) {
            return null;
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    /** The first line that does not start with {@code skipPrefix} (e.g. untagged {@code "* "} or {@code "250-"}). */
    String lineSkipping(String skipPrefix) throws IOException {
        String line;
        do {
            line = line();
        } while (line != null && line.startsWith(skipPrefix));
        return line;
    }

    /** Whether the server closed the connection (end of stream, or reset) within the read time-out. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
