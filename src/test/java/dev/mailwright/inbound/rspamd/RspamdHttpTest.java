package dev.mailwright.inbound.rspamd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The socket HTTP exchange with rspamd against a scripted peer on loopback: what it sends (head, chunked body) and
 * how it reads answers (Content-Length, chunked, limits, a peer that stops reading or never answers).
 */
@Timeout(60)
class RspamdHttpTest {
    private static final Duration BUDGET = Duration.ofSeconds(2);

    /** A peer that reads one request (head and chunked body) and answers with {@code answer}. */
    private record Exchange(String head, byte[] body) {
    }

    private static CompletableFuture<Exchange> serveOnce(ServerSocket server, byte[] answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                StringBuilder head = new StringBuilder();
                String line;
                while (!(line = line(in)).isEmpty()) {
                    head.append(line).append('\n');
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                int size;
                while ((size = Integer.parseInt(line(in), 16)) > 0) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
                OutputStream out = socket.getOutputStream();
                out.write(answer);
                out.flush();
                return new Exchange(head.toString(), body.toByteArray());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("end of stream");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static ServerSocket loopback() throws IOException {
        return new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    private static URI uri(ServerSocket server, String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    private static InputStream bytes(byte[] data) {
        return new ByteArrayInputStream(data);
    }

    @Test
    void sendsHeadAndAChunkedBodyAndReadsAContentLengthAnswer() throws Exception {
        byte[] message = new byte[150_000];   // more than two of our 64 KiB chunks
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) ('a' + i % 26);
        }
        try (ServerSocket server = loopback()) {
            CompletableFuture<Exchange> peer = serveOnce(server,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{\"action\":\"ok\"}\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            RspamdHttp.Response response = RspamdHttp.post(uri(server, "/checkv2"),
                    List.of(Map.entry("IP", "192.0.2.1"), Map.entry("Rcpt", "a@example.test"), Map.entry("Rcpt", "b@example.test")),
                    bytes(message), BUDGET);
            assertThat(response.status()).isEqualTo(200);
            assertThat(new String(response.body(), StandardCharsets.US_ASCII)).isEqualTo("{\"action\":\"ok\"}\r\n");
            Exchange seen = peer.get(10, TimeUnit.SECONDS);
            assertThat(seen.head()).startsWith("POST /checkv2 HTTP/1.1\n")
                    .contains("Transfer-Encoding: chunked\n", "Connection: close\n", "IP: 192.0.2.1\n",
                            "Rcpt: a@example.test\nRcpt: b@example.test\n");
            assertThat(seen.body()).isEqualTo(message);
        }
    }

    @Test
    void readsAChunkedAnswerAndAnAnswerThatEndsWithTheConnection() throws Exception {
        try (ServerSocket server = loopback()) {
            serveOnce(server, "HTTP/1.1 208 Already Reported\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            RspamdHttp.Response chunked = RspamdHttp.post(uri(server, "/learnham"), List.of(), bytes(new byte[10]), BUDGET);
            assertThat(chunked.status()).isEqualTo(208);
            assertThat(new String(chunked.body(), StandardCharsets.US_ASCII)).isEqualTo("hello world");

            serveOnce(server, "HTTP/1.0 500 Oops\r\n\r\nbroken".getBytes(StandardCharsets.US_ASCII));
            RspamdHttp.Response untilClose = RspamdHttp.post(uri(server, "/checkv2"), List.of(), bytes(new byte[0]), BUDGET);
            assertThat(untilClose.status()).isEqualTo(500);
            assertThat(new String(untilClose.body(), StandardCharsets.US_ASCII)).isEqualTo("broken");
        }
    }

    @Test
    void answersBeyondTheLimitsAreErrorsNotMemory() throws Exception {
        try (ServerSocket server = loopback()) {
            serveOnce(server, ("HTTP/1.1 200 OK\r\nX-Long: " + "x".repeat(10_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> RspamdHttp.post(uri(server, "/checkv2"), List.of(), bytes(new byte[1]), BUDGET))
                    .isInstanceOf(IOException.class).hasMessageContaining("line longer");

            serveOnce(server, "HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> RspamdHttp.post(uri(server, "/checkv2"), List.of(), bytes(new byte[1]), BUDGET))
                    .isInstanceOf(IOException.class).hasMessageContaining("larger than");

            serveOnce(server, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffff\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> RspamdHttp.post(uri(server, "/checkv2"), List.of(), bytes(new byte[1]), BUDGET))
                    .isInstanceOf(IOException.class).hasMessageContaining("larger than");

            serveOnce(server, "SSH-2.0-OpenSSH\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> RspamdHttp.post(uri(server, "/checkv2"), List.of(), bytes(new byte[1]), BUDGET))
                    .isInstanceOf(IOException.class).hasMessageContaining("not an HTTP answer");
        }
    }

    /** A peer that accepts and never reads: our write of a big body would block forever without the watchdog. */
    @Test
    void aPeerThatStopsReadingCostsNoMoreThanTheBudget() throws Exception {
        try (ServerSocket server = loopback()) {
            CompletableFuture<Socket> held = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.accept();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> RspamdHttp.post(uri(server, "/checkv2"), List.of(), bytes(new byte[64 * 1024 * 1024]), BUDGET))
                    .isInstanceOf(RspamdHttp.Timeout.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(BUDGET.minusMillis(100), BUDGET.plusSeconds(5));
            held.get(5, TimeUnit.SECONDS).close();
        }
    }
}
