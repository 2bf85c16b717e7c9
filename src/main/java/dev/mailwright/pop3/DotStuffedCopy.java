package dev.mailwright.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies a stored message into a multi-line POP3 response (RFC 1939 §3), a buffer at a time: a line starting with
 * {@code .} gets one more, bare CR or LF become CRLF, the copy ends with CRLF and the terminating {@code .CRLF}.
 * For TOP it stops after the header, the empty line and {@code bodyLines} lines of the body.
 */
final class DotStuffedCopy {
    private static final int BUFFER = 16 * 1024;

    /** Reading the stored message failed after the response had begun: the reply cannot be completed honestly. */
    static final class SourceFailed extends RuntimeException {
        SourceFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final OutputStream out;
    private final long bodyLines;
    private boolean lineStart = true;
    private boolean pendingCr;
    private boolean inHeader = true;
    private int headerLineLength;
    private long bodyLinesSent;

    private DotStuffedCopy(OutputStream out, long bodyLines) {
        this.out = out;
        this.bodyLines = bodyLines;
    }

    /** The whole message (RETR). */
    static void message(InputStream message, OutputStream out) throws IOException {
        new DotStuffedCopy(out, -1).copy(message);
    }

    /** The header and the first {@code bodyLines} lines of the body (TOP). */
    static void top(InputStream message, OutputStream out, long bodyLines) throws IOException {
        new DotStuffedCopy(out, bodyLines).copy(message);
    }

    private void copy(InputStream message) throws IOException {
        byte[] buffer = new byte[BUFFER];
        copying:
        while (true) {
            int n;
            try {
                n = message.read(buffer);
            } catch (IOException e) {
                throw new SourceFailed(e);
            }
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (!accept(buffer[i])) {
                    break copying;
                }
            }
        }
        if (pendingCr || !lineStart) {
            endLine();
        }
        out.write(new byte[] {'.', '\r', '\n'});
        out.flush();
    }

    /** Returns false once TOP has sent all it should. */
    private boolean accept(byte b) throws IOException {
        if (pendingCr) {
            pendingCr = false;
            if (!endLine()) {
                return false;
            }
            if (b == '\n') {
                return true;
            }
        }
        if (b == '\r') {
            pendingCr = true;
            return true;
        }
        if (b == '\n') {
            return endLine();
        }
        if (done()) {
            return false;
        }
        if (lineStart && b == '.') {
            out.write('.');
        }
        out.write(b);
        lineStart = false;
        headerLineLength++;
        return true;
    }

    /** Writes CRLF; returns false when TOP needs nothing more. */
    private boolean endLine() throws IOException {
        out.write('\r');
        out.write('\n');
        lineStart = true;
        if (inHeader) {
            if (headerLineLength == 0) {
                inHeader = false;   // the empty line between header and body
            }
            headerLineLength = 0;
        } else {
            bodyLinesSent++;
        }
        return !done();
    }

    private boolean done() {
        return bodyLines >= 0 && !inHeader && bodyLinesSent >= bodyLines;
    }
}
