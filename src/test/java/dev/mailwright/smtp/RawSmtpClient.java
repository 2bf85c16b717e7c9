package dev.mailwright.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;

import dev.mailwright.net.LineClient;

/**
 * A byte-exact SMTP client for edge cases, reading replies (RFC 5321 §4.2) over a {@link LineClient}; every read has
 * a timeout so a broken server fails the test instead of hanging it.
 */
final class RawSmtpClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final LineClient client;

    private RawSmtpClient(LineClient client) {
        this.client = client;
    }

    static RawSmtpClient connect(int port) throws IOException {
        return new RawSmtpClient(LineClient.connect(port, TIMEOUT, LineClient.LineEnds.LF_ACCEPTED));
    }

    static RawSmtpClient connectImplicitTls(int port) throws IOException {
        RawSmtpClient client = connect(port);
        client.handshake();
        return client;
    }

    /** Trusts any certificate: the tests check our server's behaviour, not its self-signed chain. */
    static SSLContext trustAll() {
        return LineClient.trustAll();
    }

    /** Layers TLS over the connection (after a 220 to STARTTLS, or at once for implicit TLS). */
    void handshake() throws IOException {
        client.startTls();
    }

    Reply command(String line) throws IOException {
        send(line);
        return read();
    }

    void send(String line) throws IOException {
        sendRaw(line + "\r\n");
    }

    void sendRaw(String text) throws IOException {
        sendBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    void sendBytes(byte[] bytes) throws IOException {
        client.send(bytes);
    }

    /** One complete reply, multi-line included. */
    Reply read() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed while waiting for a reply; got " + lines);
            }
            if (line.length() < 3) {
                throw new IOException("not an SMTP reply line: " + line);
            }
            lines.add(line);
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
            }
        }
    }

    /** True when the server closed the connection (end of stream or reset) before sending anything more. */
    boolean closedByServer() throws IOException {
        return client.closedByServer();
    }

    private String readLine() throws IOException {
        LineClient.Line line = client.readLine();
        return line == null ? null : line.text();
    }

    /** EHLO, STARTTLS, handshake, EHLO again. */
    Reply startTls() throws IOException {
        Reply ready = command("STARTTLS");
        if (ready.code() != 220) {
            throw new IOException("STARTTLS refused: " + ready);
        }
        handshake();
        return command("EHLO client.test");
    }

    Reply authPlain(String user, String password) throws IOException {
        return command("AUTH PLAIN " + base64("\0" + user + "\0" + password));
    }

    static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    record Reply(int code, List<String> lines) {
        String last() {
            return lines.getLast();
        }

        /** The enhanced status code of the last line, e.g. {@code 5.7.1}. */
        String enhanced() {
            String[] parts = last().substring(4).split(" ", 2);
            return parts[0];
        }

        boolean advertises(String keyword) {
            return lines.stream().skip(1).map(l -> l.substring(4)).anyMatch(l -> l.equals(keyword) || l.startsWith(keyword + " "));
        }

        @Override
        public String toString() {
            return String.join(" | ", lines);
        }
    }
}
