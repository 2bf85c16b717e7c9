package dev.mailwright.delivery.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies a message to the DATA stream (RFC 5321 §4.5.2): a line starting with {@code .} gets one more,
 * bare CR or LF become CRLF, and the copy ends with CRLF so that {@code .CRLF} can follow.
 */
final class DotStuffing {
    private DotStuffing() {
    }

    static void write(InputStream message, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        boolean lineStart = true;
        boolean pendingCr = false;
        int n;
        while ((n = message.read(buffer)) != -1) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (pendingCr) {
                    pendingCr = false;
                    out.write('\r');
                    out.write('\n');
                    lineStart = true;
                    if (b == '\n') {
                        continue;
                    }
                }
                if (b == '\r') {
                    pendingCr = true;
                    continue;
                }
                if (b == '\n') {
                    out.write('\r');
                    out.write('\n');
                    lineStart = true;
                    continue;
                }
                if (lineStart && b == '.') {
                    out.write('.');
                }
                out.write(b);
                lineStart = false;
            }
        }
        if (pendingCr || !lineStart) {
            out.write('\r');
            out.write('\n');
        }
    }
}
