package dev.mailwright.pop3;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mailwright.net.LineClient;

/**
 * A POP3 client on a plain socket, for transcripts and edge cases: it sends what it is told, byte for byte, and reads
 * status lines and multi-line responses (RFC 1939 §3) over a {@link LineClient} that insists on CRLF.
 */
final class RawPop3Client implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final LineClient client;

    RawPop3Client(int port) throws IOException {
        this(port, "127.0.0.1");
    }

    /** Connects from {@code sourceAddress} (any 127.0.0.x), to look like another host to per-address limits. */
    RawPop3Client(int port, String sourceAddress) throws IOException {
        client = LineClient.connect(port, sourceAddress, TIMEOUT, LineClient.LineEnds.CRLF_ONLY);
    }

    /** Connects with TLS from the first byte (pop3s), trusting the server's self-signed certificate. */
    static RawPop3Client implicitTls(int port) throws IOException {
        RawPop3Client client = new RawPop3Client(port);
        client.startTls();
        return client;
    }

    void startTls() throws IOException {
        client.startTls();
    }

    void timeout(int millis) throws IOException {
        client.timeout(millis);
    }

    void send(String raw) throws IOException {
        client.send(raw);
    }

    /** Sends {@code command} and CRLF, returns the status line. */
    String command(String command) throws IOException {
        send(command + "\r\n");
        return line();
    }

    /** One line without its CRLF; throws EOFException at end of stream. */
    String line() throws IOException {
        LineClient.Line line = client.readLine();
        if (line == null) {
            throw new EOFException("connection closed");
        }
        return line.text();
    }

    /** One line without its CRLF, or null at end of stream. */
    byte[] lineBytes() throws IOException {
        LineClient.Line line = client.readLine();
        return line == null ? null : line.bytes();
    }

    /** The lines of a multi-line response after its status line, dot-unstuffed, without the terminating dot. */
    List<String> multiline() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            if (line.equals(".")) {
                return lines;
            }
            lines.add(line.startsWith(".") ? line.substring(1) : line);
        }
    }

    /** The bytes of a multi-line response as the message they carry: unstuffed lines joined with CRLF. */
    byte[] multilineBytes() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            byte[] line = lineBytes();
            if (line == null) {
                throw new EOFException("connection closed inside a multi-line response");
            }
            if (line.length == 1 && line[0] == '.') {
                return message.toByteArray();
            }
            int from = line.length > 0 && line[0] == '.' ? 1 : 0;
            message.write(line, from, line.length - from);
            message.write('\r');
            message.write('\n');
        }
    }

    /** Reads until the server closes; returns what it said meanwhile. */
    String rest() throws IOException {
        return client.rest();
    }

    /** Drops the connection without QUIT. */
    @Override
    public void close() throws IOException {
        client.close();
    }
}
