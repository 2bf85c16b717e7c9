package dev.mailwright.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import dev.mailwright.config.MailwrightProperties;

class ListenerManagerTest {
    private static final TestTls TLS = TestTls.instance();
    private static final GenericApplicationContext CONTEXT = new GenericApplicationContext();

    static {
        CONTEXT.refresh();
    }

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private ListenerManager manager;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
        if (manager != null) {
            manager.stop();
        }
    }

    private ListenerManager start(MailwrightProperties.Connections limits, ListenerSpec... specs) {
        manager = new ListenerManager(List.of(specs), limits, TLS.source(), CONTEXT);
        manager.start();
        return manager;
    }

    private static ListenerSpec echo(String name, TlsMode mode) {
        return new ListenerSpec(name, "127.0.0.1", TestPorts.freePort(), mode, new LineEchoHandler(Duration.ofSeconds(5)));
    }

    private static MailwrightProperties.Connections limits(int total, int perIp) {
        return new MailwrightProperties.Connections(total, perIp, 50, perIp, Duration.ofSeconds(30));
    }

    private Client connect(String listener) throws IOException {
        Client client = new Client(new Socket("127.0.0.1", manager.boundPort(listener)));
        cleanup.add(client);
        return client;
    }

    @Test
    void listenerShouldServeEachConnectionOnItsOwnIdWithLoopbackFlag() throws IOException {
        start(limits(10, 10), echo("echo", TlsMode.PLAIN));
        Client first = connect("echo");
        Client second = connect("echo");

        assertThat(first.readLine()).isEqualTo("HELLO echo-1 secure=false");
        assertThat(second.readLine()).isEqualTo("HELLO echo-2 secure=false");
        first.send("INFO");
        assertThat(first.readLine()).isEqualTo("INFO echo-1 loopback=true secure=false");
        second.send("ping");
        assertThat(second.readLine()).isEqualTo("ECHO ping");
    }

    @Test
    void connectionOverPerAddressLimitShouldReceiveRefusalThenEndOfStream() throws IOException {
        start(limits(10, 2), echo("echo", TlsMode.PLAIN));
        Client first = connect("echo");
        Client second = connect("echo");
        assertThat(first.readLine()).startsWith("HELLO");
        assertThat(second.readLine()).startsWith("HELLO");

        Client third = connect("echo");
        assertThat(third.readLine()).isEqualTo("LIMIT");
        assertThat(third.readLine()).isNull();
    }

    @Test
    void connectionOverTotalLimitShouldBeRefusedAcrossListeners() throws IOException {
        start(limits(1, 10), echo("one", TlsMode.PLAIN), echo("two", TlsMode.PLAIN));
        Client first = connect("one");
        assertThat(first.readLine()).isEqualTo("HELLO one-1 secure=false");

        Client second = connect("two");
        assertThat(second.readLine()).isEqualTo("LIMIT");
    }

    @Test
    void slotShouldBeFreedWhenAConnectionEnds() throws IOException {
        start(limits(10, 1), echo("echo", TlsMode.PLAIN));
        Client first = connect("echo");
        assertThat(first.readLine()).startsWith("HELLO");
        first.send("QUIT");
        assertThat(first.readLine()).isEqualTo("BYE");
        assertThat(first.readLine()).isNull();
        first.close();

        Client second = awaitAdmitted("echo");
        assertThat(second.readLine()).matches("INFO echo-\\d+ loopback=true secure=false");
        // refused probes of awaitAdmitted leave the registry on their own threads, shortly after their BYE
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (manager.openConnections() > 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(manager.openConnections()).isEqualTo(1);
    }

    /** The permit is released on the server's thread after the close; retry briefly instead of sleeping blindly. */
    private Client awaitAdmitted(String listener) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            Client client = connect(listener);
            String greeting = client.readLine();
            if (greeting.startsWith("HELLO")) {
                client.send("INFO");
                return client;
            }
            assertThat(greeting).isEqualTo("LIMIT");
            assertThat(System.nanoTime()).isLessThan(deadline);
        }
    }

    @Test
    void startTlsShouldUpgradeTheSameConnection() throws IOException {
        start(limits(10, 10), echo("echo", TlsMode.PLAIN));
        Client client = connect("echo");
        assertThat(client.readLine()).isEqualTo("HELLO echo-1 secure=false");
        client.send("STARTTLS");
        assertThat(client.readLine()).isEqualTo("GO");
        client.upgrade();

        client.send("INFO");
        assertThat(client.readLine()).isEqualTo("INFO echo-1 loopback=true secure=true");
        client.send("after tls");
        assertThat(client.readLine()).isEqualTo("ECHO after tls");
    }

    @Test
    void startTlsShouldBeRefusedWhenPlaintextFollowsInTheSameWrite() throws IOException {
        start(limits(10, 10), echo("echo", TlsMode.PLAIN));
        Client client = connect("echo");
        assertThat(client.readLine()).startsWith("HELLO");
        client.sendRaw("STARTTLS\r\nINFO\r\n");

        assertThat(client.readLine()).isEqualTo("REFUSED");
        assertThat(client.readLine()).isEqualTo("INFO echo-1 loopback=true secure=false");
    }

    @Test
    void implicitTlsListenerShouldHandshakeBeforeTheProtocolSpeaks() throws IOException {
        start(limits(10, 10), echo("echos", TlsMode.IMPLICIT));
        Client client = connect("echos");
        client.upgrade();

        assertThat(client.readLine()).isEqualTo("HELLO echos-1 secure=true");
        client.send("hello");
        assertThat(client.readLine()).isEqualTo("ECHO hello");
    }

    @Test
    void refusalOnImplicitTlsListenerShouldArriveOverTls() throws IOException {
        start(limits(10, 1), echo("echos", TlsMode.IMPLICIT));
        Client first = connect("echos");
        first.upgrade();
        assertThat(first.readLine()).startsWith("HELLO");

        Client second = connect("echos");
        second.upgrade();
        assertThat(second.readLine()).isEqualTo("LIMIT");
    }

    @Test
    void readTimeoutShouldReachTheHandlerAsSocketTimeout() throws IOException {
        ListenerSpec spec = new ListenerSpec("slow", "127.0.0.1", TestPorts.freePort(), TlsMode.PLAIN,
                new LineEchoHandler(Duration.ofMillis(300)));
        start(limits(10, 10), spec);
        Client client = connect("slow");
        assertThat(client.readLine()).startsWith("HELLO");

        assertThat(client.readLine()).isEqualTo("TIMEOUT");
        assertThat(client.readLine()).isNull();
    }

    @Test
    void fullUnauthenticatedCapShouldDisplaceTheBusiestAddressesOldestClientPolitely() throws IOException {
        ListenerSpec capped = new ListenerSpec("capped", "127.0.0.1", TestPorts.freePort(), TlsMode.PLAIN,
                new LineEchoHandler(Duration.ofSeconds(5)), 10, 2);
        start(limits(10, 10), capped);
        Client oldest = connectFrom("127.0.0.1", "capped");
        Client second = connectFrom("127.0.0.1", "capped");
        assertThat(oldest.readLine()).startsWith("HELLO");
        assertThat(second.readLine()).startsWith("HELLO");

        Client newcomer = connectFrom("127.0.0.2", "capped");

        assertThat(newcomer.readLine()).startsWith("HELLO");
        assertThat(oldest.readLine()).isEqualTo("LIMIT");
        assertThat(oldest.readLineOrEof()).isNull();
        second.send("still here");
        assertThat(second.readLine()).isEqualTo("ECHO still here");
        Client another = connectFrom("127.0.0.3", "capped");
        assertThat(another.readLine()).as("one session per address left: nobody to displace").isEqualTo("LIMIT");
    }

    private Client connectFrom(String source, String listener) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", manager.boundPort(listener)));
        Client client = new Client(socket);
        cleanup.add(client);
        return client;
    }

    @Test
    void tlsHandshakeTrickledInShouldBeCutOffWhenTheWholeHandshakeTimeoutPasses() throws IOException {
        manager = new ListenerManager(List.of(echo("echos", TlsMode.IMPLICIT)),
                new MailwrightProperties.Connections(10, 10, 50, 10, Duration.ofSeconds(1)), TLS.source(), CONTEXT);
        manager.start();
        Client client = connect("echos");
        // a TLS record header announcing a 512-byte ClientHello, then its body one byte every 200 ms (100 s in all)
        client.sendRaw("\u0016\u0003\u0001\u0002\u0000");
        Thread trickle = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 512; i++) {
                    client.sendRaw("\u0001");
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException closedByServer) {
                // expected: the server gives up
            }
        });
        long start = System.nanoTime();

        assertThat(client.readLineOrEof()).as("the server closes without a word").isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        trickle.interrupt();
    }

    @Test
    void listenerWithPortZeroShouldNotBeBound() {
        ListenerSpec disabled = new ListenerSpec("off", "127.0.0.1", 0, TlsMode.PLAIN, new LineEchoHandler(Duration.ofSeconds(1)));
        start(limits(10, 10), disabled);

        assertThatThrownBy(() -> manager.boundPort("off")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void startShouldFailClearlyWhenThePortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            ListenerSpec spec = new ListenerSpec("busy", "127.0.0.1", taken.getLocalPort(), TlsMode.PLAIN,
                    new LineEchoHandler(Duration.ofSeconds(1)));
            manager = new ListenerManager(List.of(spec), limits(10, 10), TLS.source(), CONTEXT);

            assertThatThrownBy(manager::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("busy");
        }
    }

    @Test
    void stopShouldSendTheShutdownNoticeToWaitingClientsThenClose() throws IOException {
        start(limits(10, 10), echo("echo", TlsMode.PLAIN), echo("echos", TlsMode.IMPLICIT));
        Client plain = connect("echo");
        Client secure = connect("echos");
        secure.upgrade();
        assertThat(plain.readLine()).startsWith("HELLO");
        assertThat(secure.readLine()).startsWith("HELLO");

        manager.stop();

        assertThat(plain.readLine()).isEqualTo("STOPPING");
        assertThat(plain.readLineOrEof()).isNull();
        assertThat(secure.readLine()).isEqualTo("STOPPING");
        assertThat(secure.readLineOrEof()).isNull();
    }

    @Test
    void stopShouldNotWaitForAClientThatStopsReading() throws Exception {
        start(limits(10, 10), echo("echo", TlsMode.PLAIN));
        Client stalled = connect("echo");
        assertThat(stalled.readLine()).startsWith("HELLO");
        // The client sends lines and never reads their echoes: both socket buffers fill, and the session
        // ends up blocked writing, where no notice can be slipped in.
        AtomicLong sent = new AtomicLong();
        Thread writer = Thread.ofVirtual().start(() -> {
            String line = "x".repeat(1000) + "\r\n";
            try {
                while (true) {
                    stalled.sendRaw(line);
                    sent.addAndGet(line.length());
                }
            } catch (IOException endedByStop) {
                // the server closed the connection
            }
        });
        long previous = -1;
        for (int i = 0; i < 100 && sent.get() != previous; i++) {
            previous = sent.get();
            writer.join(Duration.ofMillis(200));
        }
        assertThat(writer.isAlive()).as("the writer is blocked on full socket buffers").isTrue();

        long started = System.nanoTime();
        manager.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(writer.join(Duration.ofSeconds(10))).as("the client sees the connection end").isTrue();
    }

    /** A line client with a read timeout, so that a broken server fails the test instead of hanging it. */
    static final class Client implements AutoCloseable {
        private final Socket plain;
        private Socket current;
        private BufferedReader reader;
        private OutputStream out;

        Client(Socket socket) throws IOException {
            plain = socket;
            socket.setSoTimeout(5000);
            use(socket);
        }

        private void use(Socket socket) throws IOException {
            current = socket;
            reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
        }

        void upgrade() throws IOException {
            SSLSocket ssl = (SSLSocket) TLS.clientContext().getSocketFactory()
                    .createSocket(plain, "localhost", plain.getPort(), true);
            ssl.setUseClientMode(true);
            ssl.startHandshake();
            use(ssl);
        }

        void send(String line) throws IOException {
            sendRaw(line + "\r\n");
        }

        void sendRaw(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        String readLine() throws IOException {
            return reader.readLine();
        }

        /** Null at end of stream or when the server reset the connection. */
        String readLineOrEof() {
            try {
                return reader.readLine();
            } catch (java.net.SocketException e) {
                return null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            current.close();
            plain.close();
        }
    }
}
