package dev.mailwright.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads a DATA body up to the terminating {@code CRLF.CRLF}, removes dot-stuffing (RFC 5321 §4.5.2) and
 * streams the result, so that no message needs to fit in memory.
 *
 * <p>Only {@code CRLF "." CRLF} ends the body. A bare CR or bare LF never ends it and marks the message as
 * refused, so {@code <LF>.<LF>}, {@code <LF>.<CR><LF>} or {@code <CR>.<CR>} cannot end a message early and
 * smuggle another one behind it. After the first problem nothing more is written, but reading goes on to the
 * real end so the session stays in step with the client. Accepted octets are handed on in blocks, not one by one.
 */
final class DataReader {
    private final int maxTextLine;
    private final long maxSize;

    /** @param maxTextLine octets per line including CRLF, not counting a stuffed dot (§4.5.3.1.6) */
    DataReader(int maxTextLine, long maxSize) {
        this.maxTextLine = maxTextLine;
        this.maxSize = maxSize;
    }

    DataOutcome read(InputStream in, OutputStream target) throws IOException {
        try (Block out = new Block(target)) {
            return read(in, out);
        }
    }

    private DataOutcome read(InputStream in, Block out) throws IOException {
        DataOutcome problem = null;
        long size = 0;
        boolean previousEndedWithCrlf = true;   // the CRLF of the DATA command line
        boolean stuffedDot = false;
        boolean pendingCr = false;
        long lineLength = 0;                      // octets of the current line without the stuffed dot
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during DATA");
            }
            if (b == '\n') {
                if (pendingCr) {
                    if (previousEndedWithCrlf && stuffedDot && lineLength == 0) {
                        return problem == null ? new DataOutcome.Received(size) : problem;
                    }
                    size += 2;
                    if (problem == null && size > maxSize) {
                        problem = new DataOutcome.TooLarge();
                    }
                    if (problem == null) {
                        out.write('\r');
                        out.write('\n');
                    }
                    previousEndedWithCrlf = true;
                } else {
                    problem = problem == null ? new DataOutcome.BareLineEnding() : problem;
                    previousEndedWithCrlf = false;
                }
                pendingCr = false;
                stuffedDot = false;
                lineLength = 0;
                continue;
            }
            if (pendingCr) {
                problem = problem == null ? new DataOutcome.BareLineEnding() : problem;
                pendingCr = false;
                lineLength++;   // the bare CR is part of the line: "." CR CRLF or CR "." CRLF is no end of data
            }
            if (b == '\r') {
                pendingCr = true;
                continue;
            }
            if (b == '.' && lineLength == 0 && !stuffedDot) {
                stuffedDot = true;
                continue;
            }
            lineLength++;
            size++;
            if (problem == null) {
                if (lineLength + 2 > maxTextLine) {
                    problem = new DataOutcome.LineTooLong();
                } else if (size > maxSize) {
                    problem = new DataOutcome.TooLarge();
                } else {
                    out.write(b);
                }
            }
        }
    }

    /** Collects output octets and writes them on in blocks; closing writes the rest (not the target's close). */
    private static final class Block implements AutoCloseable {
        private final OutputStream target;
        private final byte[] buffer = new byte[8192];
        private int used;

        Block(OutputStream target) {
            this.target = target;
        }

        void write(int b) throws IOException {
            if (used == buffer.length) {
                flush();
            }
            buffer[used++] = (byte) b;
        }

        private void flush() throws IOException {
            target.write(buffer, 0, used);
            used = 0;
        }

        @Override
        public void close() throws IOException {
            if (used > 0) {
                flush();
            }
        }
    }
}
