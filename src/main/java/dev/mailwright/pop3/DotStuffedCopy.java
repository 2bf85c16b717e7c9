package dev.mailwright.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies a stored message into a multi-line POP3 response (RFC 1939 §3), a buffer at a time: a line starting with
 * {@code .} gets one more, bare CR or LF become CRLF, the copy ends with CRLF and the terminating {@code .CRLF}.
 * For TOP it stops after the header, the empty line and {@code bodyLines} lines of the body. {@link #octets} counts
 * what RETR sends of the message itself (line ends as sent, no stuffing, no terminator): the size LIST and STAT
 * report (RFC 1939 §5 and §11: the octets as transmitted, which a stored bare LF would otherwise undercount).
 */
final class DotStuffedCopy {
    private static final int BUFFER = 16 * 1024;

    /** Reading the stored message failed after the response had begun: the reply cannot be completed honestly. */
    static final class SourceFailed extends RuntimeException {
        SourceFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Whether a leading dot is doubled: in a response, not when counting the message's own octets. */
    private enum Form { RESPONSE, MESSAGE_OCTETS }

    private final OutputStream out;
    private final long bodyLines;
    private final Form form;
    private boolean lineStart = true;
    private boolean pendingCr;
    private boolean inHeader = true;
    private int headerLineLength;
    private long bodyLinesSent;

    private DotStuffedCopy(OutputStream out, long bodyLines, Form form) {
        this.out = out;
        this.bodyLines = bodyLines;
        this.form = form;
    }

    /** The whole message (RETR). */
    static void message(InputStream message, OutputStream out) throws IOException {
        new DotStuffedCopy(out, -1, Form.RESPONSE).copy(message);
    }

    /** The header and the first {@code bodyLines} lines of the body (TOP). */
    static void top(InputStream message, OutputStream out, long bodyLines) throws IOException {
        new DotStuffedCopy(out, bodyLines, Form.RESPONSE).copy(message);
    }

    /** The octets of the message as RETR sends it, before dot-stuffing and without the terminating {@code .CRLF}. */
    static long octets(InputStream message) throws IOException {
        CountingSink counter = new CountingSink();
        try {
            new DotStuffedCopy(counter, -1, Form.MESSAGE_OCTETS).copy(message);
        } catch (SourceFailed e) {
            throw (IOException) e.getCause();
        }
        return counter.count - TERMINATOR.length;
    }

    private static final byte[] TERMINATOR = {'.', '\r', '\n'};

    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
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
        out.write(TERMINATOR);
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
        if (lineStart && b == '.' && form == Form.RESPONSE) {
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
