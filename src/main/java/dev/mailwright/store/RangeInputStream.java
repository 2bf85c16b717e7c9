package dev.mailwright.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * At most {@code remaining} bytes of the underlying stream; closing it closes the underlying one. Used for
 * message byte ranges ({@link MailStore#openMessageRange}) and for IMAP partial fetches of any source.
 */
public final class RangeInputStream extends FilterInputStream {
    private long remaining;

    public RangeInputStream(InputStream in, long remaining) {
        super(in);
        this.remaining = remaining;
    }

    /** Skips {@code from} bytes of {@code in} and keeps the next {@code length}; closes {@code in} if skipping fails. */
    public static InputStream slice(InputStream in, long from, long length) throws IOException {
        try {
            in.skipNBytes(from);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return new RangeInputStream(in, length);
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = super.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, remaining));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(super.available(), remaining);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
