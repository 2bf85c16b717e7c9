package dev.mailwright.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Run in a child JVM with a small heap by {@link Pop3LargeMessageStreamingTest}: dot-stuffs a generated message of
 * {@code args[0]} lines, each starting with a dot, and prints the octets written.
 */
final class Pop3StreamingHeapCheck {
    private static final byte[] LINE = ".abcdefghij\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Pop3StreamingHeapCheck() {
    }

    public static void main(String[] args) throws IOException {
        long lines = Long.parseLong(args[0]);
        InputStream message = new InputStream() {
            private long position;

            @Override
            public int read() {
                if (position >= lines * LINE.length) {
                    return -1;
                }
                return LINE[(int) (position++ % LINE.length)];
            }
        };
        long[] written = {0};
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                written[0]++;
            }
        };
        DotStuffedCopy.message(message, counter);
        System.out.println(written[0]);
    }
}
