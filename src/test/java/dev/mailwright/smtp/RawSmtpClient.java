package dev.mailwright.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A byte-exact SMTP client for edge cases; every read has a timeout so a broken server fails the test instead of hanging it. */
final class RawSmtpClient implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 15_000;

    private final Socket plain;
    private Socket current;
    private InputStream in;
    private OutputStream out;

    private RawSmtpClient(Socket socket) throws IOException {
        plain = socket;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        use(socket);
    }

    static RawSmtpClient connect(int port) throws IOException {
        return new RawSmtpClient(new Socket("127.0.0.1", port));
    }

    static RawSmtpClient connectImplicitTls(int port) throws IOException {
        RawSmtpClient client = connect(port);
        client.handshake();
        return client;
    }

    /** Trusts any certificate: the tests check our server's behaviour, not its self-signed chain. */
    static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void use(Socket socket) throws IOException {
        current = socket;
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Layers TLS over the connection (after a 220 to STARTTLS, or at once for implicit TLS). */
    void handshake() throws IOException {
        SSLSocket ssl = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
        ssl.setUseClientMode(true);
        ssl.setSoTimeout(TIMEOUT_MILLIS);
        ssl.startHandshake();
        use(ssl);
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
        out.write(bytes);
        out.flush();
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
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
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
        current.close();
        plain.close();
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
