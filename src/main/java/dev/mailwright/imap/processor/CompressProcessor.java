package dev.mailwright.imap.processor;

import dev.mailwright.imap.command.Compress;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SessionContext;

/**
 * COMPRESS (RFC 4978): only checks. The session writes the tagged OK uncompressed, then switches the connection to
 * DEFLATE, as it does for STARTTLS.
 */
public final class CompressProcessor {
    public static final String MECHANISM = "DEFLATE";
    /** RFC 4978 §3: the answer to a second COMPRESS once compression is on. */
    static final String CODE_COMPRESSION_ACTIVE = "COMPRESSIONACTIVE";

    private CompressProcessor() {
    }

    public static Outcome handle(Compress command, ImapState state, SessionContext ctx) {
        if (!command.mechanism().equals(MECHANISM)) {
            throw ImapException.bad("Unknown compression mechanism, only " + MECHANISM + " is supported");
        }
        if (ctx.connection().isCompressed()) {
            throw ImapException.no(CODE_COMPRESSION_ACTIVE, MECHANISM + " is already active");
        }
        return Outcome.ok(state, MECHANISM + " active");
    }
}
