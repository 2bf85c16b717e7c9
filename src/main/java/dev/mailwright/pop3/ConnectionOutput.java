package dev.mailwright.pop3;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import dev.mailwright.net.Connection;

/** Buffers a session's replies and hands them to the connection in chunks, so a long RETR is not one write a byte. */
final class ConnectionOutput extends OutputStream {
    private final Connection connection;
    private final byte[] buffer = new byte[16 * 1024];
    private int length;

    ConnectionOutput(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void write(int b) throws IOException {
        if (length == buffer.length) {
            flush();
        }
        buffer[length++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            write(bytes[offset + i]);
        }
    }

    @Override
    public void flush() throws IOException {
        if (length > 0) {
            byte[] chunk = Arrays.copyOf(buffer, length);
            length = 0;
            connection.write(chunk);
        }
    }
}
