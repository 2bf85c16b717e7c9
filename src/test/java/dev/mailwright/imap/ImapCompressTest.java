package dev.mailwright.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MessageSource;

/**
 * COMPRESS=DEFLATE (RFC 4978) over real sockets: plain, after STARTTLS and over implicit TLS, with the client's side
 * done by {@link java.util.zip} (raw DEFLATE, sync flush), and a decompression bomb that must end at the line limit.
 * Time budget: about 20 s on the loaded 2-core build machine besides the Spring context (the bomb inflates 64 MB
 * in about 2 s).
 */
@SpringBootTest
class ImapCompressTest extends ImapListenerTest {
    static final String PASSWORD = "squeeze-me";
    static final int MAX_LINE = 8192;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ImapTestSupport.common(registry);
        ImapTestSupport.loopbackListener(registry, "imap");
        ImapTestSupport.loopbackListener(registry, "imaps");
        registry.add("mailwright.imap-limits.max-command-line", () -> Integer.toString(MAX_LINE));
    }

    AccountStore.Account account;

    @BeforeEach
    void account() {
        account = newAccount("zip", PASSWORD);
    }

    @Test
    void compressShouldAnswerOkThenSpeakRawDeflateBothWays() throws Exception {
        try (Deflating client = Deflating.plain("127.0.0.1", listeners.boundPort("imap"))) {
            assertThat(client.line()).contains("COMPRESS=DEFLATE");
            client.send("a1 LOGIN " + account.address() + " " + PASSWORD + "\r\n");
            assertThat(client.until("a1").getLast()).startsWith("a1 OK");
            // RFC 4978 §3 example: the OK is the last uncompressed line
            client.send("a2 COMPRESS DEFLATE\r\n");
            assertThat(client.line()).isEqualTo("a2 OK DEFLATE active");
            client.compress();
            client.send("a3 NOOP\r\n");
            assertThat(client.until("a3").getLast()).isEqualTo("a3 OK NOOP completed");
            client.send("a4 COMPRESS DEFLATE\r\n");
            assertThat(client.line()).startsWith("a4 NO [COMPRESSIONACTIVE]");
            client.send("a5 SELECT INBOX\r\n");
            assertThat(client.until("a5").getLast()).startsWith("a5 OK [READ-WRITE]");
            client.send("a6 LOGOUT\r\n");
            assertThat(client.until("a6").getLast()).startsWith("a6 OK");
        }
    }

    /**
     * Compressed bytes the client sent in the same packet as COMPRESS are already in the server's read-ahead buffer
     * when compression starts: they must be inflated, not read as plain text or lost.
     */
    @Test
    void compressedBytesPipelinedBehindCompressShouldBeInflated() throws Exception {
        try (Deflating client = Deflating.plain("127.0.0.1", listeners.boundPort("imap"))) {
            client.line();
            client.send("a1 LOGIN " + account.address() + " " + PASSWORD + "\r\n");
            client.until("a1");
            java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
            try (DeflaterOutputStream deflate = new DeflaterOutputStream(compressed,
                    new Deflater(Deflater.DEFAULT_COMPRESSION, true), 512, true)) {
                deflate.write("a3 NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
                deflate.flush();
                byte[] plain = "a2 COMPRESS DEFLATE\r\n".getBytes(StandardCharsets.US_ASCII);
                byte[] both = java.util.Arrays.copyOf(plain, plain.length + compressed.size());
                System.arraycopy(compressed.toByteArray(), 0, both, plain.length, compressed.size());
                client.rawOut.write(both);   // one write: one segment on loopback
                client.rawOut.flush();
            }
            assertThat(client.line()).isEqualTo("a2 OK DEFLATE active");
            client.compress();
            assertThat(client.until("a3").getLast()).isEqualTo("a3 OK NOOP completed");
        }
    }

    @Test
    void compressShouldBeRefusedBeforeLoginAndForAnUnknownMechanism() throws Exception {
        try (Deflating client = Deflating.plain("127.0.0.1", listeners.boundPort("imap"))) {
            client.line();
            client.send("a1 COMPRESS DEFLATE\r\n");
            assertThat(client.line()).startsWith("a1 BAD");
            client.send("a2 LOGIN " + account.address() + " " + PASSWORD + "\r\n");
            client.until("a2");
            client.send("a3 COMPRESS LZ4\r\n");
            assertThat(client.line()).startsWith("a3 BAD");
            client.send("a4 NOOP\r\n");   // still uncompressed
            assertThat(client.until("a4").getLast()).startsWith("a4 OK");
        }
    }

    @Test
    void compressShouldWorkInsideStartTls() throws Exception {
        try (Deflating client = Deflating.plain("127.0.0.1", listeners.boundPort("imap"))) {
            client.line();
            client.send("a1 STARTTLS\r\n");
            assertThat(client.line()).startsWith("a1 OK");
            SSLSocket tls = (SSLSocket) ImapStartTlsTest.trustAll().getSocketFactory().createSocket(client.socket,
                    "localhost", client.socket.getPort(), true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            client.attach(tls);
            loginCompressAndFetch(client);
        }
    }

    @Test
    void compressShouldWorkInsideImplicitTls() throws Exception {
        Socket raw = new Socket("127.0.0.1", listeners.boundPort("imaps"));
        SSLSocket tls = (SSLSocket) ImapStartTlsTest.trustAll().getSocketFactory().createSocket(raw, "localhost",
                raw.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        try (Deflating client = new Deflating(tls)) {
            client.line();
            loginCompressAndFetch(client);
        }
    }

    private void loginCompressAndFetch(Deflating client) throws IOException {
        store.deliver(MessageSource.of("Subject: inside tls\r\n\r\nsqueezed body\r\n".getBytes(StandardCharsets.US_ASCII)),
                List.of(account.id()));
        client.send("b1 LOGIN " + account.address() + " " + PASSWORD + "\r\n");
        client.until("b1");
        client.send("b2 COMPRESS DEFLATE\r\n");
        assertThat(client.line()).isEqualTo("b2 OK DEFLATE active");
        client.compress();
        client.send("b3 SELECT INBOX\r\n");
        assertThat(client.until("b3")).contains("* 1 EXISTS");
        client.send("b4 FETCH 1 (BODY.PEEK[TEXT])\r\n");
        List<String> lines = client.until("b4");
        assertThat(lines).contains("squeezed body");
        assertThat(lines.getLast()).startsWith("b4 OK");
    }

    /**
     * A line of 64 MB of one byte, sent as about 64 KB of DEFLATE: the server inflates it through its fixed buffers,
     * answers the line limit's BAD and goes on; the session's next command still works.
     */
    @Test
    void decompressionBombShouldEndAtTheLineLimit() throws Exception {
        try (Deflating client = Deflating.plain("127.0.0.1", listeners.boundPort("imap"))) {
            client.line();
            client.send("a1 LOGIN " + account.address() + " " + PASSWORD + "\r\n");
            client.until("a1");
            client.send("a2 COMPRESS DEFLATE\r\n");
            client.line();
            client.compress();
            byte[] chunk = new byte[1024 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'A');
            client.out.write("a3 NOOP ".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 64; i++) {
                client.out.write(chunk);
            }
            client.send("\r\na4 NOOP\r\n");
            assertThat(client.compressedSent).isLessThan(1024 * 1024);
            assertThat(client.line()).isEqualTo("a3 BAD Command line too long");
            assertThat(client.until("a4").getLast()).startsWith("a4 OK");
        }
    }

    /** A push from the delivery thread while the session IDLEs reaches the client at once: each write is flushed. */
    @Test
    void idlePushShouldArriveCompressedWithoutWaitingForMoreOutput() throws Exception {
        try (Deflating client = Deflating.plain("127.0.0.1", listeners.boundPort("imap"))) {
            client.line();
            client.send("a1 LOGIN " + account.address() + " " + PASSWORD + "\r\n");
            client.until("a1");
            client.send("a2 COMPRESS DEFLATE\r\n");
            client.line();
            client.compress();
            client.send("a3 SELECT INBOX\r\n");
            client.until("a3");
            client.send("a4 IDLE\r\n");
            assertThat(client.line()).isEqualTo("+ idling");
            store.deliver(MessageSource.of("Subject: pushed\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)),
                    List.of(account.id()));
            assertThat(client.line()).isEqualTo("* 1 EXISTS");
            client.send("DONE\r\n");
            assertThat(client.until("a4").getLast()).isEqualTo("a4 OK IDLE terminated");
        }
    }

    /**
     * The saving on a whole-mailbox FETCH, printed for docs/DESIGN-NOTES.md: the MIME test corpus (33 varied messages:
     * base64, HTML, 8-bit, multipart), each delivered once (no repeated message to flatter the ratio), then FETCH 1:* (FLAGS ENVELOPE BODYSTRUCTURE BODY.PEEK[]), bytes
     * received with and without COMPRESS. Asserts only that DEFLATE saves something; the numbers go to the report.
     */
    @Test
    void compressShouldShrinkAMailboxFetch() throws Exception {
        List<java.nio.file.Path> corpus;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/test/resources/mime"))) {
            corpus = files.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        }
        for (java.nio.file.Path file : corpus) {
            store.deliver(MessageSource.of(java.nio.file.Files.readAllBytes(file)), List.of(account.id()));
        }
        int count = corpus.size();
        long plain = fetchAll(false, count);
        long compressed = fetchAll(true, count);
        System.out.printf("COMPRESS=DEFLATE: FETCH 1:* (FLAGS ENVELOPE BODYSTRUCTURE BODY.PEEK[]) of %d corpus messages: "
                + "%d bytes plain, %d bytes compressed (%.1f%% saved)%n", count, plain, compressed,
                100.0 * (plain - compressed) / plain);
        assertThat(compressed).isLessThan(plain);
    }

    private long fetchAll(boolean compress, int count) throws IOException {
        try (Deflating client = Deflating.plain("127.0.0.1", listeners.boundPort("imap"))) {
            client.line();
            client.send("a1 LOGIN " + account.address() + " " + PASSWORD + "\r\n");
            client.until("a1");
            if (compress) {
                client.send("a2 COMPRESS DEFLATE\r\n");
                client.line();
                client.compress();
            }
            client.send("a3 SELECT INBOX\r\n");
            client.until("a3");
            long before = client.received.count;
            client.send("a4 FETCH 1:* (FLAGS ENVELOPE BODYSTRUCTURE BODY.PEEK[])\r\n");
            List<String> lines = client.until("a4");
            assertThat(lines.getLast()).startsWith("a4 OK");
            assertThat(lines.stream().filter(l -> l.startsWith("* ") && l.contains(" FETCH ")).count()).isEqualTo(count);
            return client.received.count - before;
        }
    }

    /** A raw client that can switch both directions to raw DEFLATE, counting the bytes that cross the socket. */
    static final class Deflating implements AutoCloseable {
        Socket socket;
        Counting received;
        InputStream in;
        OutputStream out;
        OutputStream rawOut;
        long compressedSent;

        Deflating(Socket socket) throws IOException {
            attach(socket);
        }

        static Deflating plain(String host, int port) throws IOException {
            return new Deflating(new Socket(host, port));
        }

        void attach(Socket next) throws IOException {
            socket = next;
            socket.setSoTimeout(30_000);
            received = new Counting(socket.getInputStream());
            in = received;
            rawOut = socket.getOutputStream();
            out = rawOut;
        }

        void compress() {
            in = new InflaterInputStream(received, new Inflater(true));
            OutputStream counted = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    compressedSent++;
                    rawOut.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    compressedSent += len;
                    rawOut.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    rawOut.flush();
                }
            };
            out = new DeflaterOutputStream(counted, new Deflater(Deflater.DEFAULT_COMPRESSION, true), 8192, true);
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.UTF_8);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                line.write(b);
            }
            throw new IOException("end of stream after " + line.toString(StandardCharsets.UTF_8));
        }

        List<String> until(String tag) throws IOException {
            List<String> lines = new ArrayList<>();
            while (true) {
                String l = line();
                lines.add(l);
                if (l.startsWith(tag + " ")) {
                    return lines;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
