package dev.mailwright.imap.wire;

/**
 * Told by the {@link ImapFramer} when the bytes of a literal begin and when they end, so that the session can hold
 * the client to a transfer pace inside literals and to the command deadline around them.
 */
public interface LiteralPacing {

    /** For framing without a connection (transcripts, parser tests). */
    LiteralPacing NONE = new LiteralPacing() {
        @Override
        public void literalStarts(long size) {
        }

        @Override
        public void literalEnds() {
        }
    };

    /** The next {@code size} bytes are literal data. */
    void literalStarts(long size);

    /** The literal is read; the command line goes on. */
    void literalEnds();
}
