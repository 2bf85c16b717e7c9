package dev.mailwright.store.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a message line by line (a line ends with LF; a CR right before it belongs to the terminator),
 * tracking absolute byte offsets. Only the first {@link #HEAD_CAP} bytes of a line are kept; the bytes
 * of a longer line are handed to a {@link ByteSink} as they stream by, so a 50 MB single-line body never
 * sits in memory.
 */
final class LineReader {
    static final int HEAD_CAP = 8192;

    interface ByteSink {
        void accept(byte[] bytes, int off, int len);
    }

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int lim;
    private long bufBase;
    private boolean eof;

    /** Absolute offset of the current line's first byte. */
    long start;
    /** Total length of the current line, terminator included. */
    long length;
    /** 0 (last line without terminator), 1 (LF) or 2 (CRLF). */
    int termLen;
    /** The line's first bytes (terminator included if it fits). */
    final byte[] head = new byte[HEAD_CAP];
    int headLen;
    /** Whether the line was longer than the head; its bytes then already went to the sink. */
    boolean truncated;

    /** @param sizeHint the expected input length, so that small messages get a small buffer */
    LineReader(InputStream in, long sizeHint) {
        this.in = in;
        this.buf = new byte[(int) Math.clamp(sizeHint, 512, 64 * 1024)];
    }

    long end() {
        return start + length;
    }

    long contentEnd() {
        return start + length - termLen;
    }

    int contentLen() {
        return (int) Math.min(Integer.MAX_VALUE, length - termLen);
    }

    /** Reads the next line; returns false at the end of input. Overflow of a long line goes to sink. */
    boolean next(ByteSink sink) throws IOException {
        start = bufBase + pos;
        length = 0;
        headLen = 0;
        truncated = false;
        int last = -1;
        int beforeLast = -1;
        while (true) {
            if (pos == lim && !fill()) {
                break;
            }
            int end = pos;
            while (end < lim && buf[end] != '\n') {
                end++;
            }
            boolean found = end < lim;
            if (found) {
                end++;
            }
            int n = end - pos;
            if (n >= 2) {
                beforeLast = buf[end - 2];
            } else if (n == 1) {
                beforeLast = last;
            }
            last = buf[end - 1];
            keep(pos, n, sink);
            length += n;
            pos = end;
            if (found) {
                break;
            }
        }
        if (length == 0) {
            return false;
        }
        termLen = last == '\n' ? (beforeLast == '\r' ? 2 : 1) : 0;
        return true;
    }

    private void keep(int from, int n, ByteSink sink) {
        if (!truncated && headLen + n <= HEAD_CAP) {
            System.arraycopy(buf, from, head, headLen, n);
            headLen += n;
            return;
        }
        if (!truncated) {
            int fits = HEAD_CAP - headLen;
            System.arraycopy(buf, from, head, headLen, fits);
            headLen = HEAD_CAP;
            truncated = true;
            if (sink != null) {
                sink.accept(head, 0, HEAD_CAP);
                sink.accept(buf, from + fits, n - fits);
            }
            return;
        }
        if (sink != null) {
            sink.accept(buf, from, n);
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        bufBase += lim;
        pos = 0;
        lim = 0;
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim = n;
        return true;
    }
}
