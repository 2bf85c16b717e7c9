package dev.mailwright.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

import dev.mailwright.net.DeadlineExceededException.Kind;

/**
 * The connection's own read-ahead buffer over whichever transport is current. Unlike
 * {@link java.io.BufferedInputStream#available()}, {@link #buffered()} counts only bytes already taken from
 * the socket, never bytes still in the kernel: that is what the STARTTLS injection check needs.
 *
 * <p>It also enforces progress, not just the absence of silence. Besides the idle time-out (the longest wait for
 * any byte), a read may be bound by the current unit's deadline (a command that must be complete within a time of
 * its first byte, or a transfer that must keep a minimum rate) and by the session's time budget. Before each
 * blocking read of the socket the nearest deadline shortens the socket's read time-out; reaching it throws
 * {@link DeadlineExceededException}. Bytes already buffered are served without a check: only the client can be late.
 * Read by one thread (the session's), which is also the only one to set the deadlines.
 */
final class TransportInput extends InputStream {
    /** A connection that only exchanges short commands (most of them, and every one in IDLE) keeps the small size. */
    private static final int SMALL_BUFFER = 2 * 1024;
    private static final int LARGE_BUFFER = 16 * 1024;
    private static final long NONE = Long.MAX_VALUE;

    /** Sets the read time-out of the current transport, in milliseconds (0 = wait forever). */
    @FunctionalInterface
    interface ReadTimeout {
        void set(int millis) throws IOException;
    }

    private enum Unit { NONE, COMMAND, TRANSFER }

    private byte[] buffer = new byte[SMALL_BUFFER];
    private final ReadTimeout readTimeout;
    private final Runnable beforeWait;
    private int position;
    private int limit;
    private InputStream source;
    /** True while the session thread is blocked reading the socket with nothing left in the buffer. */
    private volatile boolean awaitingClient;

    private int idleMillis;
    private int appliedMillis = -1;
    private long sessionDeadline = NONE;
    private Unit unit = Unit.NONE;
    /** {@link System#nanoTime()} when the unit began; {@link #NONE} while a command waits for its first byte */
    private long unitStart;
    private long commandNanos;
    private TransferPace pace;
    private long transferred;

    TransportInput(InputStream source) {
        this(source, millis -> { });
    }

    TransportInput(InputStream source, ReadTimeout readTimeout) {
        this(source, readTimeout, () -> { });
    }

    /** {@code beforeWait}: runs each time the session is about to block on the socket for more bytes. */
    TransportInput(InputStream source, ReadTimeout readTimeout, Runnable beforeWait) {
        this.source = source;
        this.readTimeout = readTimeout;
        this.beforeWait = beforeWait;
    }

    /** Continues on a new transport (after a TLS upgrade); whatever was read ahead is dropped. */
    void switchTo(InputStream next) {
        source = next;
        position = 0;
        limit = 0;
        appliedMillis = -1;
    }

    /**
     * Continues through {@code wrap} over the current transport (compression): the bytes read ahead but not yet
     * delivered belong to the wrapped stream, so they are handed to {@code wrap} and the buffer starts empty.
     */
    void wrapSource(java.util.function.BiFunction<byte[], InputStream, InputStream> wrap) {
        byte[] ahead = java.util.Arrays.copyOfRange(buffer, position, limit);
        source = wrap.apply(ahead, source);
        position = 0;
        limit = 0;
    }

    /** The longest wait for any byte; zero waits forever. */
    void idleTimeout(Duration timeout) {
        idleMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /** The session must be done (or have authenticated, see {@link #endSessionBudget()}) within {@code budget} of now. */
    void sessionBudget(Duration budget) {
        sessionDeadline = System.nanoTime() + budget.toNanos();
    }

    void endSessionBudget() {
        sessionDeadline = NONE;
    }

    /** What is read from now on, up to the next call, must arrive within {@code limit} of its first byte. */
    void expectCommand(Duration limit) {
        unit = Unit.COMMAND;
        commandNanos = limit.toNanos();
        unitStart = NONE;
    }

    /** What is read from now on, up to the next call, must arrive within {@code limit} of now. */
    void expectExchange(Duration limit) {
        unit = Unit.COMMAND;
        commandNanos = limit.toNanos();
        unitStart = System.nanoTime();
    }

    /** A bulk transfer begins now and must keep {@code pace}. */
    void expectTransfer(TransferPace pace) {
        unit = Unit.TRANSFER;
        this.pace = pace;
        unitStart = System.nanoTime();
        transferred = 0;
    }

    int buffered() {
        return limit - position;
    }

    /**
     * Whether the session is waiting for the client's next bytes: a safe moment to put a line of our own
     * on the wire. Called from other threads.
     */
    boolean awaitingClient() {
        return awaitingClient;
    }

    @Override
    public int read() throws IOException {
        if (position >= limit && !fill()) {
            return -1;
        }
        delivered(1);
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position >= limit) {
            if (length >= buffer.length) {
                int n = readSource(target, offset, length);
                if (n > 0) {
                    delivered(n);
                }
                return n;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        delivered(n);
        return n;
    }

    /** Only our own buffered bytes; never blocks. */
    @Override
    public int available() {
        return buffered();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private void delivered(int n) {
        switch (unit) {
            case NONE -> { }
            case COMMAND -> {
                if (unitStart == NONE) {
                    unitStart = System.nanoTime();
                }
            }
            case TRANSFER -> transferred += n;
        }
    }

    private boolean fill() throws IOException {
        resizeFor(limit);
        int n = readSource(buffer, 0, buffer.length);
        if (n <= 0) {
            position = 0;
            limit = 0;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /**
     * Grows the (empty) buffer when the last read filled it, a transfer in progress; shrinks it when the last read
     * used less than a quarter of a large one, back to exchanging commands.
     */
    private void resizeFor(int lastRead) {
        if (lastRead == buffer.length && buffer.length < LARGE_BUFFER) {
            buffer = new byte[LARGE_BUFFER];
        } else if (buffer.length > SMALL_BUFFER && lastRead < buffer.length / 4) {
            buffer = new byte[SMALL_BUFFER];
        }
    }

    private int readSource(byte[] target, int offset, int length) throws IOException {
        long now = System.nanoTime();
        Kind kind = Kind.SESSION;
        long deadline = sessionDeadline;
        long unitDeadline = unitDeadline();
        if (unitDeadline != NONE && (deadline == NONE || unitDeadline - deadline < 0)) {
            deadline = unitDeadline;
            kind = unit == Unit.TRANSFER ? Kind.TRANSFER : Kind.COMMAND;
        }
        boolean bounded = false;
        int timeout = idleMillis;
        if (deadline != NONE) {
            long remaining = deadline - now;
            if (remaining <= 0) {
                throw new DeadlineExceededException(kind);
            }
            int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (remaining + 999_999) / 1_000_000));
            if (idleMillis == 0 || millis < idleMillis) {
                timeout = millis;
                bounded = true;
            }
        }
        if (timeout != appliedMillis) {
            readTimeout.set(timeout);
            appliedMillis = timeout;
        }
        beforeWait.run();
        awaitingClient = true;
        try {
            return source.read(target, offset, length);
        } catch (SocketTimeoutException e) {
            if (bounded) {
                throw new DeadlineExceededException(kind);
            }
            throw e;
        } finally {
            awaitingClient = false;
        }
    }

    /** When the next byte must have arrived for the current unit, or {@link #NONE}. */
    private long unitDeadline() {
        return switch (unit) {
            case NONE -> NONE;
            case COMMAND -> unitStart == NONE ? NONE : unitStart + commandNanos;
            case TRANSFER -> {
                // the next byte is due once the time for all bytes so far (and this one) at the minimum rate has passed
                long bytes = Math.min(transferred + 1, Long.MAX_VALUE / 4_000_000_000L);
                long owedNanos = bytes * 1_000_000_000L / pace.minBytesPerSecond();
                yield unitStart + pace.grace().toNanos() + owedNanos;
            }
        };
    }
}
