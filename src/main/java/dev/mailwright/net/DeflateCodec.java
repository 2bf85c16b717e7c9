package dev.mailwright.net;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Raw DEFLATE (RFC 1951, no zlib header or trailer) in both directions of one connection, as IMAP COMPRESS=DEFLATE
 * (RFC 4978) asks. It sits directly above the transport, so inside TLS when TLS is active.
 *
 * <p>Output: every flush of {@link #output} is a {@link Deflater#SYNC_FLUSH}, so each burst the server writes reaches
 * the client complete. Input: the inflater never produces more than the reader asks for, so a stream that inflates a
 * thousandfold (a decompression bomb) reaches the protocol's line and literal limits in the usual small reads and
 * costs no memory beyond the fixed buffers here; its time is bounded by the same command deadlines as plain input.
 */
final class DeflateCodec implements AutoCloseable {
    private static final int BUFFER = 8 * 1024;

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);

    /** Compresses into {@code transport}; {@code flush()} ends the current burst with a sync flush. */
    OutputStream output(OutputStream transport) {
        return new DeflaterOutputStream(transport, deflater, BUFFER, true);
    }

    /**
     * Inflates what the client sends: first {@code alreadyRead} (bytes of the compressed stream that were read ahead
     * before compression began), then {@code transport}.
     */
    InputStream input(byte[] alreadyRead, InputStream transport) {
        InputStream compressed = alreadyRead.length == 0 ? transport
                : new SequenceInputStream(new ByteArrayInputStream(alreadyRead), transport);
        return new InflaterInputStream(compressed, inflater, BUFFER);
    }

    /** Bytes written by the session before compression and after it, for measurements and logs. */
    long uncompressedOut() {
        return deflater.getBytesRead();
    }

    long compressedOut() {
        return deflater.getBytesWritten();
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }
}
