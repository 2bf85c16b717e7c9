package dev.mailwright.inbound.rspamd;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import dev.mailwright.net.ProtocolText;

/**
 * One HTTP/1.1 POST to rspamd, done on the calling thread with a plain socket: request headers, the message as a
 * chunked body streamed from its source, then the answer. The JDK's HttpClient hands every request between its
 * selector thread and an executor several times; on a busy two-core MX those hand-offs cost more than rspamd's scan
 * (measured: a scan of 2 ms took 8–45 ms through HttpClient, half that through a socket). A connection serves one
 * request ({@code Connection: close}): on loopback a connect costs microseconds and no pool is needed.
 *
 * <p>Everything is bounded: a watchdog closes the socket when the whole exchange outlives its time budget (a write
 * to a peer that stopped reading would otherwise block without end), the answer's lines, header count and body
 * size have limits, and an answer that breaks them is an {@link IOException}.
 */
final class RspamdHttp {
    record Response(int status, byte[] body) {
    }

    static final class Timeout extends IOException {
        Timeout(Duration budget) {
            super("no complete answer within " + budget);
        }
    }

    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 100;
    /** rspamd's answers are JSON of a few kilobytes; a megabyte leaves room for verbose symbol options. */
    private static final int MAX_BODY = 1024 * 1024;
    private static final int CHUNK = 64 * 1024;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "rspamd-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private RspamdHttp() {
    }

    /** {@code headers}: name and value pairs, already printable; {@code body} is read once, to its end. */
    static Response post(URI uri, List<Map.Entry<String, String>> headers, InputStream body, Duration budget)
            throws IOException {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        if (!tls && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IOException("not an http(s) URL: " + uri);
        }
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        long deadline = System.nanoTime() + budget.toNanos();
        Socket socket = new Socket();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> closeQuietly(socket), budget.toNanos(), TimeUnit.NANOSECONDS);
        try (socket) {
            socket.connect(new InetSocketAddress(host, port), millisLeft(deadline, budget));
            socket.setTcpNoDelay(true);
            Socket channel = tls ? secure(socket, host, port) : socket;
            OutputStream out = new BufferedOutputStream(channel.getOutputStream(), CHUNK + 16);
            writeHead(out, uri, host, port, headers);
            writeChunked(out, body);
            out.flush();
            channel.setSoTimeout(millisLeft(deadline, budget));
            return readResponse(new BufferedInputStream(channel.getInputStream()));
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0 || e instanceof SocketTimeoutException) {
                throw new Timeout(budget);
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    private static Socket secure(Socket plain, String host, int port) throws IOException {
        SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
        var parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    private static void writeHead(OutputStream out, URI uri, String host, int port, List<Map.Entry<String, String>> headers)
            throws IOException {
        StringBuilder head = new StringBuilder(512);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        head.append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port).append("\r\n")
                .append("Connection: close\r\n")
                .append("Transfer-Encoding: chunked\r\n");
        for (Map.Entry<String, String> header : headers) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static void writeChunked(OutputStream out, InputStream body) throws IOException {
        byte[] buffer = new byte[CHUNK];
        try (body) {
            int n;
            while ((n = body.readNBytes(buffer, 0, buffer.length)) > 0) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(buffer, 0, n);
                out.write(CRLF);
            }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static final byte[] CRLF = {'\r', '\n'};

    static Response readResponse(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + ProtocolText.printable(status, 100));
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + ProtocolText.printable(status, 100));
        }
        long contentLength = -1;
        boolean chunked = false;
        for (int count = 0; ; count++) {
            String header = line(in);
            if (header.isEmpty()) {
                break;
            }
            if (count >= MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " header fields in the answer");
            }
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length: " + ProtocolText.printable(value, 100));
                }
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        byte[] body;
        if (chunked) {
            body = readChunks(in);
        } else if (contentLength >= 0) {
            if (contentLength > MAX_BODY) {
                throw new IOException("answer larger than " + MAX_BODY + " bytes");
            }
            body = in.readNBytes((int) contentLength);
            if (body.length != contentLength) {
                throw new IOException("answer ended after " + body.length + " of " + contentLength + " bytes");
            }
        } else {
            body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new IOException("answer larger than " + MAX_BODY + " bytes");
            }
        }
        return new Response(code, body);
    }

    private static byte[] readChunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + ProtocolText.printable(sizeLine, 100));
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY) {
                throw new IOException("answer larger than " + MAX_BODY + " bytes");
            }
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailer fields: none of interest
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new IOException("answer ended inside a chunk");
            }
            body.write(chunk);
            line(in);
        }
    }

    /** One CRLF- (or LF-) terminated line, without its end; at most {@value #MAX_LINE} bytes. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("answer ended in the middle of a line");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes in the answer");
            }
            line.append((char) b);
        }
    }

    private static int millisLeft(long deadline, Duration budget) throws Timeout {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new Timeout(budget);
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }


    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // the exchange sees its own failure
        }
    }
}
