package dev.mailwright.pop3;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A POP3 client on a plain socket, for transcripts and edge cases: it sends what it is told, byte for byte. */
final class RawPop3Client implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawPop3Client(int port) throws IOException {
        this(port, "127.0.0.1");
    }

    /** Connects from {@code sourceAddress} (any 127.0.0.x), to look like another host to per-address limits. */
    RawPop3Client(int port, String sourceAddress) throws IOException {
        socket = new Socket(java.net.InetAddress.getByName("127.0.0.1"), port, java.net.InetAddress.getByName(sourceAddress), 0);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Connects with TLS from the first byte (pop3s), trusting the server's self-signed certificate. */
    static RawPop3Client implicitTls(int port) throws IOException {
        RawPop3Client client = new RawPop3Client(port);
        client.startTls();
        return client;
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
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends {@code command} and CRLF, returns the status line. */
    String command(String command) throws IOException {
        send(command + "\r\n");
        return line();
    }

    /** One line without its CRLF; throws EOFException at end of stream. */
    String line() throws IOException {
        byte[] bytes = lineBytes();
        if (bytes == null) {
            throw new EOFException("connection closed");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** One line without its CRLF, or null at end of stream. */
    byte[] lineBytes() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
                    throw new IOException("line not ended by CRLF: " + new String(bytes, StandardCharsets.UTF_8));
                }
                return java.util.Arrays.copyOf(bytes, bytes.length - 1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toByteArray();
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
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Drops the connection without QUIT. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
