package dev.mailwright.imap.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Buffers encoded responses and hands them to the connection in chunks; a response larger than the
 * buffer (a streamed literal) goes out in several writes, so memory stays bounded. Text and numbers are
 * written straight into the buffer: a FETCH of a large mailbox writes a line per message.
 */
public final class ResponseOutput {
    private static final int CHUNK = 64 * 1024;

    @FunctionalInterface
    public interface ByteSink {
        void write(byte[] bytes) throws IOException;
    }

    private final ByteSink sink;
    private byte[] buffer = new byte[4096];
    private int size;

    public ResponseOutput(ByteSink sink) {
        this.sink = sink;
    }

    /** Characters as ISO-8859-1 bytes; one beyond it becomes {@code ?}. */
    void ascii(String s) throws IOException {
        int length = s.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            buffer[size++] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        flushIfFull();
    }

    /** Text as UTF-8: ASCII straight into the buffer, the rest of a string with other characters encoded. */
    void utf8(String s) throws IOException {
        int length = s.length();
        ensure(length);
        int i = 0;
        for (char c; i < length && (c = s.charAt(i)) < 0x80; i++) {
            buffer[size++] = (byte) c;
        }
        if (i < length) {
            byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
            bytes(rest, 0, rest.length);
        } else {
            flushIfFull();
        }
    }

    void ascii(char c) throws IOException {
        ensure(1);
        buffer[size++] = (byte) c;
        flushIfFull();
    }

    /** A decimal number, without a String in between. */
    void number(long n) throws IOException {
        if (n < 0) {
            ascii(Long.toString(n));
            return;
        }
        int digits = 1;
        for (long rest = n / 10; rest > 0; rest /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = size + digits - 1; i >= size; i--) {
            buffer[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        size += digits;
        flushIfFull();
    }

    void bytes(byte[] b) throws IOException {
        bytes(b, 0, b.length);
    }

    void bytes(byte[] b, int off, int len) throws IOException {
        ensure(len);
        System.arraycopy(b, off, buffer, size, len);
        size += len;
        flushIfFull();
    }

    public void flush() throws IOException {
        if (size > 0) {
            byte[] out = Arrays.copyOf(buffer, size);
            size = 0;
            sink.write(out);
        }
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    private void flushIfFull() throws IOException {
        if (size >= CHUNK) {
            flush();
        }
    }
}
