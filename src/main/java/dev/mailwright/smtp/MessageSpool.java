package dev.mailwright.smtp;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

import dev.mailwright.inbound.HeaderRewrite;
import dev.mailwright.store.MessageSource;

/**
 * A message being received: in memory while it fits the {@link SpoolMemory} budget, else on disk under
 * {@code <data-dir>/spool} (the bytes held so far move to the file when the budget runs out). The trace header
 * goes first; the client's header section is held in memory (up to a bound) until its end so that headers it lacks
 * ({@code Message-ID}, {@code Date} on submission) can be added in front of it. The body streams on.
 */
final class MessageSpool extends OutputStream {
    /** Beyond this much header text we stop looking and add nothing. */
    private static final int HEADER_SCAN_LIMIT = 256 * 1024;
    private static final int FIRST_BUFFER = 8 * 1024;

    private final Path directory;
    private final SpoolMemory memory;
    /** The message while in memory: {@code buffer[0, count)}, {@code reserved} bytes taken from the budget. */
    private byte[] buffer = new byte[0];
    private int count;
    private long reserved;
    /** The file once the message left memory (null before). */
    private Path file;
    private OutputStream out;
    /** The first write failure (a full disk): later bytes are dropped so the reader can consume the message to its end. */
    private IOException failure;
    private final MessageIntake.Trace trace;
    private final UnaryOperator<String> missingHeaders;
    private ByteArrayOutputStream head = new ByteArrayOutputStream(4096);
    private int lastFour;
    private boolean closed;
    private Path rewritten;
    private long rewrittenReserved;

    private MessageSpool(Path directory, SpoolMemory memory, MessageIntake.Trace trace, UnaryOperator<String> missingHeaders) {
        this.directory = directory;
        this.memory = memory;
        this.trace = trace;
        this.missingHeaders = missingHeaders;
    }

    /**
     * @param trace          its {@code Received:} field is written first
     * @param missingHeaders given the client's header section, the header lines to add (possibly empty)
     */
    static MessageSpool create(Path directory, SpoolMemory memory, MessageIntake.Trace trace,
                               UnaryOperator<String> missingHeaders) {
        return new MessageSpool(directory, memory, trace, missingHeaders);
    }

    private static Path newFile(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
        }
        return Files.createTempFile(directory, "smtp-", ".eml");
    }

    /** Whether the message is still held in memory (no spool file). */
    boolean inMemory() {
        return file == null;
    }

    MessageIntake.Trace trace() {
        return trace;
    }

    /** The write failure that made this spool drop the rest of the message, if any. */
    java.util.Optional<IOException> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    private void put(byte[] bytes, int offset, int length) {
        if (failure != null) {
            return;
        }
        try {
            if (file == null && !fitsInMemory(length)) {
                moveToFile();
            }
            if (file == null) {
                System.arraycopy(bytes, offset, buffer, count, length);
                count += length;
            } else {
                out.write(bytes, offset, length);
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Grows the buffer (doubling, within the per-message bound and the budget) so {@code length} more bytes fit. */
    private boolean fitsInMemory(int length) {
        long needed = (long) count + length;
        if (needed <= buffer.length) {
            return true;
        }
        if (needed > memory.perMessage()) {
            return false;
        }
        long size = Math.min(memory.perMessage(), Math.max(needed, Math.max(FIRST_BUFFER, 2L * buffer.length)));
        if (!memory.reserve(size - reserved)) {
            return false;
        }
        reserved = size;
        buffer = Arrays.copyOf(buffer, (int) size);
        return true;
    }

    private void moveToFile() throws IOException {
        file = newFile(directory);
        out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        out.write(buffer, 0, count);
        buffer = new byte[0];
        count = 0;
        memory.release(reserved);
        reserved = 0;
    }

    @Override
    public void write(int b) throws IOException {
        if (head == null) {
            put(new byte[] {(byte) b}, 0, 1);
            return;
        }
        head.write(b);
        lastFour = (lastFour << 8) | (b & 0xff);
        boolean emptyHeaderSection = head.size() == 2 && (lastFour & 0xffff) == 0x0d0a;
        if (lastFour == 0x0d0a0d0a || emptyHeaderSection || head.size() >= HEADER_SCAN_LIMIT) {
            flushHead();
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (head == null) {
            put(bytes, offset, length);
            return;
        }
        for (int i = 0; i < length; i++) {
            write(bytes[offset + i]);
            if (head == null) {
                put(bytes, offset + i + 1, length - i - 1);
                return;
            }
        }
    }

    private void flushHead() {
        String headerSection = head.toString(StandardCharsets.ISO_8859_1);
        byte[] received = trace.received().getBytes(StandardCharsets.UTF_8);
        byte[] added = missingHeaders.apply(headerSection).getBytes(StandardCharsets.UTF_8);
        put(received, 0, received.length);
        put(added, 0, added.length);
        byte[] client = head.toByteArray();
        put(client, 0, client.length);
        head = null;
    }

    /**
     * Completes the file and hands it over as a message source; the caller still {@link #discard()}s it later.
     * Throws the first write failure, if one happened.
     */
    MessageSource finish() throws IOException {
        if (head != null) {
            flushHead();
        }
        close();
        if (failure != null) {
            throw failure;
        }
        return file == null ? new MessageSource.InMemory(count == buffer.length ? buffer : Arrays.copyOf(buffer, count))
                : MessageSource.ofFile(file);
    }

    /**
     * The finished message rewritten by the inbound checks' verdict (in memory when the original is and the budget
     * has room for the copy, else into a second spool file, deleted with this one): what the store keeps is what
     * the rewrite made.
     */
    MessageSource rewrite(HeaderRewrite rewrite) throws IOException {
        if (file == null) {
            long room = (long) count + rewrite.prepend().length() * 4L + 64;   // UTF-8: at most 4 bytes a char
            if (room <= Integer.MAX_VALUE && memory.reserve(room)) {
                rewrittenReserved += room;
                ByteArrayOutputStream copy = new ByteArrayOutputStream((int) room);
                rewrite.apply(new ByteArrayInputStream(buffer, 0, count), copy);
                return new MessageSource.InMemory(copy.toByteArray());
            }
        }
        rewritten = newFile(directory);
        try (InputStream in = file == null ? new ByteArrayInputStream(buffer, 0, count) : Files.newInputStream(file);
             OutputStream target = new BufferedOutputStream(Files.newOutputStream(rewritten), 64 * 1024)) {
            rewrite.apply(new java.io.BufferedInputStream(in, 64 * 1024), target);
        }
        return MessageSource.ofFile(rewritten);
    }

    /**
     * Closes and deletes the spool file and its rewritten copy (also after a failed write: a full disk must not keep
     * the partial file).
     */
    void discard() throws IOException {
        try {
            close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        } finally {
            buffer = new byte[0];
            count = 0;
            memory.release(reserved + rewrittenReserved);
            reserved = 0;
            rewrittenReserved = 0;
            try {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
            } finally {
                if (rewritten != null) {
                    Files.deleteIfExists(rewritten);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (out == null) {
                return;
            }
            try {
                out.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
    }
}
