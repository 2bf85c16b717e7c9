package dev.mailwright.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reads exactly the announced octets of one BDAT chunk (RFC 3030 §2), whatever happens to them. */
final class BdatReader {
    private BdatReader() {
    }

    /** Copies {@code octets} bytes to {@code out}. */
    static void copy(InputStream in, long octets, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        long remaining = octets;
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new EOFException("connection closed inside a BDAT chunk");
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
    }

    /** Reads and drops {@code octets} bytes. */
    static void skip(InputStream in, long octets) throws IOException {
        copy(in, octets, OutputStream.nullOutputStream());
    }
}
