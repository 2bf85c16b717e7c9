package dev.mailwright.managesieve;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A ManageSieve client on a plain socket: it sends what it is told, byte for byte, and reads responses with literals. */
final class RawSieveClient implements AutoCloseable {
    private static final Pattern LITERAL_END = Pattern.compile("\\{(\\d+)}$");

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawSieveClient(int port) throws IOException {
        this(port, "127.0.0.1");
    }

    /** Connects from {@code sourceAddress} (any 127.0.0.x), to look like another host to per-address limits. */
    RawSieveClient(int port, String sourceAddress) throws IOException {
        socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(sourceAddress), 0);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /**
     * A response: the lines before the status line (a literal's octets are joined into the line that announced it,
     * after a newline) and the status line ({@code OK ...}, {@code NO ...} or {@code BYE ...}).
     */
    record Response(List<String> lines, String status) {
        boolean ok() {
            return status.startsWith("OK");
        }
    }

    void startTls() throws IOException {
        SSLSocket ssl = (SSLSocket) trustAll().getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        ssl.setUseClientMode(true);
        ssl.startHandshake();
        socket = ssl;
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
    }

    private static SSLContext trustAll() {
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
            }}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    void send(String raw) throws IOException {
        send(raw.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Sends {@code command} and CRLF, reads the response. */
    Response command(String command) throws IOException {
        send(command + "\r\n");
        return response();
    }

    /** Reads lines up to and including the next OK, NO or BYE line. */
    Response response() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            if (line.startsWith("OK") || line.startsWith("NO") || line.startsWith("BYE")) {
                return new Response(lines, line);
            }
            lines.add(line);
        }
    }

    /** One line without its CRLF; a literal it announces is read and joined to it after a newline. */
    String line() throws IOException {
        String line = rawLine();
        Matcher literal = LITERAL_END.matcher(line);
        if (literal.find()) {
            byte[] octets = in.readNBytes(Integer.parseInt(literal.group(1)));
            String rest = rawLine();
            return line + "\n" + new String(octets, StandardCharsets.UTF_8) + rest;
        }
        return line;
    }

    /** One line without its CRLF; throws EOFException at end of stream. */
    String rawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
                    throw new IOException("line not ended by CRLF: " + new String(bytes, StandardCharsets.UTF_8));
                }
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        throw new EOFException("connection closed" + (line.size() > 0 ? " after " + line : ""));
    }

    /** Reads until the server closes; returns what it said meanwhile. */
    String rest() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
