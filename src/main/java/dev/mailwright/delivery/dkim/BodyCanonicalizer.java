package dev.mailwright.delivery.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Streams a message body through the "simple" or "relaxed" body canonicalization of RFC 6376 §3.4.3/§3.4.4 into
 * a SHA-256 digest, hashing at most {@code limit} canonical octets (the {@code l=} tag) while counting them all,
 * so the caller learns whether content follows the signed part. Constant memory, one pass, no line buffer.
 */
final class BodyCanonicalizer {
    private final boolean relaxed;
    private final long limit;
    private final MessageDigest digest;
    private long length;
    // state
    private long pendingLines;
    private boolean lineHasContent;
    private boolean pendingSpace;
    private boolean pendingCr;
    private boolean wroteAnything;

    BodyCanonicalizer(boolean relaxed, long limit) {
        this.relaxed = relaxed;
        this.limit = limit;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The canonical length and hash of everything in {@code body}. */
    record Hash(byte[] sha256, long canonicalLength) {
    }

    static Hash hash(InputStream body, boolean relaxed, long limit) throws IOException {
        BodyCanonicalizer canonicalizer = new BodyCanonicalizer(relaxed, limit);
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = body.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                canonicalizer.accept(buffer[i]);
            }
        }
        return canonicalizer.finish();
    }

    private void accept(byte b) {
        if (pendingCr) {
            pendingCr = false;
            if (b == '\n') {
                endOfLine();
                return;
            }
            content((byte) '\r');
        }
        if (b == '\r') {
            pendingCr = true;
        } else if (relaxed && (b == ' ' || b == '\t')) {
            pendingSpace = true;
        } else {
            content(b);
        }
    }

    private void content(byte b) {
        if (!lineHasContent) {
            for (; pendingLines > 0; pendingLines--) {
                emit((byte) '\r');
                emit((byte) '\n');
            }
            lineHasContent = true;
        }
        if (pendingSpace) {
            emit((byte) ' ');
            pendingSpace = false;
        }
        emit(b);
    }

    private void endOfLine() {
        pendingSpace = false;
        if (lineHasContent) {
            emit((byte) '\r');
            emit((byte) '\n');
            lineHasContent = false;
        } else {
            pendingLines++;
        }
    }

    private Hash finish() {
        if (pendingCr) {
            pendingCr = false;
            content((byte) '\r');
        }
        if (lineHasContent) {
            endOfLine();            // a last line without CRLF gets one (both algorithms)
        }
        if (!relaxed && !wroteAnything) {
            emit((byte) '\r');      // simple: an empty body is one CRLF (RFC 6376 §3.4.3)
            emit((byte) '\n');
        }
        return new Hash(digest.digest(), length);
    }

    private void emit(byte b) {
        wroteAnything = true;
        if (length < limit) {
            digest.update(b);
        }
        length++;
    }
}
