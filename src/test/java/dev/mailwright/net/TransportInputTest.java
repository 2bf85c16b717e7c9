package dev.mailwright.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TransportInputTest {

    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void bufferedShouldCountOnlyBytesAlreadyReadAhead() throws IOException {
        TransportInput in = new TransportInput(bytes("AB\r\nCD\r\n"));
        assertThat(in.buffered()).isZero();

        assertThat(in.read()).isEqualTo('A');

        assertThat(in.buffered()).isEqualTo(7);
        assertThat(in.available()).isEqualTo(7);
    }

    @Test
    void switchToShouldDropReadAheadAndContinueOnTheNewSource() throws IOException {
        TransportInput in = new TransportInput(bytes("plain-rest"));
        in.read();

        in.switchTo(bytes("tls"));

        assertThat(in.buffered()).isZero();
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("tls");
    }

    @Test
    void bulkReadShouldServeBufferedBytesFirst() throws IOException {
        TransportInput in = new TransportInput(bytes("hello world"));
        assertThat(in.read()).isEqualTo('h');
        byte[] target = new byte[4];

        assertThat(in.read(target, 0, 4)).isEqualTo(4);

        assertThat(new String(target, StandardCharsets.US_ASCII)).isEqualTo("ello");
        assertThat(in.read(new byte[100], 0, 100)).isEqualTo(6);
        assertThat(in.read()).isEqualTo(-1);
    }

    /** A source with one chunk per read, which times out like a socket once the chunks are used up. */
    private static InputStream chunks(String... chunks) {
        List<byte[]> queue = new ArrayList<>();
        for (String chunk : chunks) {
            queue.add(chunk.getBytes(StandardCharsets.US_ASCII));
        }
        return new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] target, int offset, int length) throws IOException {
                if (queue.isEmpty()) {
                    throw new SocketTimeoutException("Read timed out");
                }
                byte[] next = queue.removeFirst();
                System.arraycopy(next, 0, target, offset, next.length);
                return next.length;
            }
        };
    }

    @Test
    void theConnectionShouldBeToldBeforeEveryReadThatWaitsForTheClientAndOnlyThen() throws IOException {
        List<String> events = new ArrayList<>();
        InputStream socket = chunks("AB", "C");
        InputStream logged = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] target, int offset, int length) throws IOException {
                events.add("socket read");
                return socket.read(target, offset, length);
            }
        };
        TransportInput in = new TransportInput(logged, millis -> { }, () -> events.add("before wait"));

        assertThat((char) in.read()).isEqualTo('A');
        assertThat((char) in.read()).as("served from the buffer: no wait").isEqualTo('B');
        assertThat((char) in.read()).isEqualTo('C');

        assertThat(events).containsExactly("before wait", "socket read", "before wait", "socket read");
    }

    @Test
    void bytesAlreadyBufferedShouldBeServedAfterADeadlineAndTheNextSocketReadShouldFail() throws IOException {
        TransportInput in = new TransportInput(chunks("AB"));
        assertThat(in.read()).isEqualTo('A');

        in.sessionBudget(Duration.ZERO);

        assertThat(in.read()).as("received in time: never held against the client").isEqualTo('B');
        assertThatThrownBy(in::read).isInstanceOfSatisfying(DeadlineExceededException.class,
                e -> assertThat(e.kind()).isEqualTo(DeadlineExceededException.Kind.SESSION));
    }

    @Test
    void socketTimeoutShouldBeTheNearestOfIdleTimeoutAndDeadline() throws IOException {
        List<Integer> applied = new ArrayList<>();
        TransportInput in = new TransportInput(chunks("x"), applied::add);
        in.idleTimeout(Duration.ofSeconds(300));
        in.read();
        in.expectExchange(Duration.ofSeconds(10));

        assertThatThrownBy(in::read).as("the socket's time-out fired first: the exchange deadline")
                .isInstanceOfSatisfying(DeadlineExceededException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeadlineExceededException.Kind.COMMAND));
        assertThat(applied.getFirst()).isEqualTo(300_000);
        assertThat(applied.getLast()).isBetween(9_000, 10_000);
    }

    @Test
    void idleTimeoutShouldStayAPlainSocketTimeoutWhenItIsNearerThanTheDeadline() throws IOException {
        TransportInput in = new TransportInput(chunks());
        in.idleTimeout(Duration.ofSeconds(1));
        in.expectCommand(Duration.ofSeconds(60));

        assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class)
                .isNotInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void transferShouldBeCutOnceItFallsBelowTheMinimumRateAfterTheGrace() throws IOException {
        TransportInput in = new TransportInput(chunks("0123456789", "more"));
        in.expectTransfer(new TransferPace(1, Duration.ZERO));   // 1 byte/s, no grace: ten bytes buy ten seconds

        assertThat(in.read(new byte[10], 0, 10)).isEqualTo(10);
        assertThat(in.read(new byte[10], 0, 10)).as("still ahead of the rate").isEqualTo(4);

        in.expectTransfer(new TransferPace(1_000_000_000L, Duration.ZERO));   // a byte per nanosecond: always late
        assertThatThrownBy(in::read).isInstanceOfSatisfying(DeadlineExceededException.class,
                e -> assertThat(e.kind()).isEqualTo(DeadlineExceededException.Kind.TRANSFER));
    }

    /** The buffer grows for a transfer and shrinks for commands again; no byte is lost or reordered on the way. */
    @Test
    void everyByteShouldArriveInOrderAcrossBufferGrowthAndShrinking() throws IOException {
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >>> 8));
        }
        InputStream trickleThenBulk = new InputStream() {   // short reads first, then full ones, then short again
            private int at;

            @Override
            public int read() {
                return at < data.length ? data[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= data.length) {
                    return -1;
                }
                int n = Math.min(at < 1_000 || at > 150_000 ? 7 : len, Math.min(len, data.length - at));
                System.arraycopy(data, at, b, off, n);
                at += n;
                return n;
            }
        };
        TransportInput in = new TransportInput(trickleThenBulk);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] small = new byte[100];
        while (true) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            out.write(b);
            int n = in.read(small, 0, small.length);
            if (n < 0) {
                break;
            }
            out.write(small, 0, n);
        }
        assertThat(out.toByteArray()).isEqualTo(data);
    }
}
