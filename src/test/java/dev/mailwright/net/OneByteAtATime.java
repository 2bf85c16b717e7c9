package dev.mailwright.net;

import java.io.InputStream;

/** A stream that hands out one byte per read, as a slow client's packets would: readers must not depend on chunking. */
public final class OneByteAtATime extends InputStream {
    private final byte[] bytes;
    private int pos;

    public OneByteAtATime(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    @Override
    public int read() {
        return pos < bytes.length ? bytes[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int c = read();
        if (c < 0) {
            return -1;
        }
        b[off] = (byte) c;
        return 1;
    }
}
