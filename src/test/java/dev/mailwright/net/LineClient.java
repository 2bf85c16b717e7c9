package dev.mailwright.net;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The socket under the raw protocol clients of the tests (POP3, ManageSieve, SMTP, and IMAP where a test needs one):
 * connect on loopback (from any 127.0.0.x, to look like another host), send bytes as given, read lines and counted
 * octets with a read time-out so that a broken server fails the test instead of hanging it, and layer TLS over the
 * connection (STARTTLS, or implicit TLS at once) trusting the server's self-signed certificate. Each protocol's
 * reply reader sits on top of it.
 */
public final class LineClient implements AutoCloseable {
    /** Whether a line must end with CRLF (a bare LF then fails the read) or a bare LF ends it too. */
    public enum LineEnds { CRLF_ONLY, LF_ACCEPTED }

    private final Socket plain;
    private final LineEnds lineEnds;
    private Socket current;
    private InputStream in;
    private OutputStream out;

    private LineClient(Socket socket, Duration timeout, LineEnds lineEnds) throws IOException {
        this.plain = socket;
        this.lineEnds = lineEnds;
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
        use(socket);
    }

    /** Connects to 127.0.0.1:{@code port} from {@code sourceAddress} (any 127.0.0.x). */
    public static LineClient connect(int port, String sourceAddress, Duration timeout, LineEnds lineEnds) throws IOException {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(sourceAddress), 0);
        return new LineClient(socket, timeout, lineEnds);
    }

    public static LineClient connect(int port, Duration timeout, LineEnds lineEnds) throws IOException {
        return connect(port, "127.0.0.1", timeout, lineEnds);
    }

    /** Trusts any certificate: the tests check our server's behaviour, not its self-signed chain. */
    public static SSLContext trustAll() {
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
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void use(Socket socket) {
        current = socket;
        try {
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Layers TLS over the connection (after the server agreed to STARTTLS/STLS, or at once for implicit TLS). */
    public void startTls() throws IOException {
        int timeout = current.getSoTimeout();
        SSLSocket ssl = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
        ssl.setUseClientMode(true);
        ssl.setSoTimeout(timeout);
        ssl.startHandshake();
        use(ssl);
    }

    public void timeout(int millis) throws IOException {
        current.setSoTimeout(millis);
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One line read: its bytes without the line end, and whether a line end came (else the stream ended first). */
    public record Line(byte[] bytes, boolean ended) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * The next line; at the end of the stream what came of a last unended line, or {@code null} when nothing did. With
     * {@link LineEnds#CRLF_ONLY} a line ended by a bare LF fails the read.
     */
    public Line readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                boolean cr = bytes.length > 0 && bytes[bytes.length - 1] == '\r';
                if (!cr && lineEnds == LineEnds.CRLF_ONLY) {
                    throw new IOException("line not ended by CRLF: " + new String(bytes, StandardCharsets.UTF_8));
                }
                return new Line(cr ? Arrays.copyOf(bytes, bytes.length - 1) : bytes, true);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : new Line(line.toByteArray(), false);
    }

    /** The text of the next complete line; EOFException when the stream ends before its line end. */
    public String line() throws IOException {
        Line line = readLine();
        if (line == null || !line.ended()) {
            throw new EOFException("connection closed" + (line != null ? " after " + line.text() : ""));
        }
        return line.text();
    }

    /** Exactly {@code count} octets (a literal's); fewer when the stream ends first. */
    public byte[] octets(int count) throws IOException {
        return in.readNBytes(count);
    }

    /** True when the server closed the connection (end of stream or reset) before sending anything more. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    /** Reads until the server closes; returns what it said meanwhile. */
    public String rest() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    public Socket socket() {
        return current;
    }

    /** Drops the connection without any goodbye. */
    @Override
    public void close() throws IOException {
        current.close();
        plain.close();
    }
}
