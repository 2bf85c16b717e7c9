package dev.mailwright.smtp;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import dev.mailwright.inbound.HeaderRewrite;
import dev.mailwright.store.MessageSource;

/**
 * A message being received, on disk under {@code <data-dir>/spool}. The trace header goes first; the
 * client's header section is held in memory (up to a bound) until its end so that headers it lacks
 * ({@code Message-ID}, {@code Date} on submission) can be added in front of it. The body streams to the file.
 */
final class MessageSpool extends OutputStream {
    /** Beyond this much header text we stop looking and add nothing. */
    private static final int HEADER_SCAN_LIMIT = 256 * 1024;

    private final Path file;
    private final OutputStream out;
    private final MessageIntake.Trace trace;
    private final UnaryOperator<String> missingHeaders;
    private ByteArrayOutputStream head = new ByteArrayOutputStream(4096);
    private int lastFour;
    private boolean closed;
    private Path rewritten;

    private MessageSpool(Path file, MessageIntake.Trace trace, UnaryOperator<String> missingHeaders) throws IOException {
        this.file = file;
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        this.trace = trace;
        this.missingHeaders = missingHeaders;
    }

    /**
     * @param trace          its {@code Received:} field is written first
     * @param missingHeaders given the client's header section, the header lines to add (possibly empty)
     */
    static MessageSpool create(Path directory, MessageIntake.Trace trace, UnaryOperator<String> missingHeaders) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
        }
        return new MessageSpool(Files.createTempFile(directory, "smtp-", ".eml"), trace, missingHeaders);
    }

    MessageIntake.Trace trace() {
        return trace;
    }

    @Override
    public void write(int b) throws IOException {
        if (head == null) {
            out.write(b);
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
            out.write(bytes, offset, length);
            return;
        }
        for (int i = 0; i < length; i++) {
            write(bytes[offset + i]);
            if (head == null) {
                out.write(bytes, offset + i + 1, length - i - 1);
                return;
            }
        }
    }

    private void flushHead() throws IOException {
        String headerSection = head.toString(StandardCharsets.ISO_8859_1);
        out.write(trace.received().getBytes(StandardCharsets.UTF_8));
        out.write(missingHeaders.apply(headerSection).getBytes(StandardCharsets.UTF_8));
        head.writeTo(out);
        head = null;
    }

    /** Completes the file and hands it over as a message source; the caller still {@link #discard()}s it later. */
    MessageSource finish() throws IOException {
        if (head != null) {
            flushHead();
        }
        close();
        return MessageSource.ofFile(file);
    }

    /**
     * The finished message rewritten by the inbound checks' verdict into a second spool file (deleted with this
     * one): what the store keeps is what the rewrite made.
     */
    MessageSource rewrite(HeaderRewrite rewrite) throws IOException {
        rewritten = Files.createTempFile(file.getParent(), "smtp-", ".eml");
        try (InputStream in = Files.newInputStream(file);
             OutputStream target = new BufferedOutputStream(Files.newOutputStream(rewritten), 64 * 1024)) {
            rewrite.apply(new java.io.BufferedInputStream(in, 64 * 1024), target);
        }
        return MessageSource.ofFile(rewritten);
    }

    /** Closes and deletes the spool file (and its rewritten copy). */
    void discard() throws IOException {
        close();
        Files.deleteIfExists(file);
        if (rewritten != null) {
            Files.deleteIfExists(rewritten);
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
