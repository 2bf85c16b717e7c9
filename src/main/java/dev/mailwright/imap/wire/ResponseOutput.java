package dev.mailwright.imap.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Buffers encoded responses and hands them to the connection in chunks; a response larger than the
 * buffer (a streamed literal) goes out in several writes, so memory stays bounded.
 */
public final class ResponseOutput {
    private static final int CHUNK = 64 * 1024;

    @FunctionalInterface
    public interface ByteSink {
        void write(byte[] bytes) throws IOException;
    }

    private final ByteSink sink;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);

    public ResponseOutput(ByteSink sink) {
        this.sink = sink;
    }

    void ascii(String s) throws IOException {
        bytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    void bytes(byte[] b) throws IOException {
        bytes(b, 0, b.length);
    }

    void bytes(byte[] b, int off, int len) throws IOException {
        buffer.write(b, off, len);
        if (buffer.size() >= CHUNK) {
            flush();
        }
    }

    public void flush() throws IOException {
        if (buffer.size() > 0) {
            byte[] out = buffer.toByteArray();
            buffer.reset();
            sink.write(out);
        }
    }
}
