package dev.mailwright.imap;

import java.util.Optional;

import dev.mailwright.config.MailwrightProperties.ImapLimits;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.wire.LiteralPolicy;
import dev.mailwright.imap.wire.Status;

/**
 * The literal limits of one session state: before login every literal is small; APPEND may send up to
 * APPENDLIMIT (spooled to disk above {@link #SPOOL_ABOVE}); other commands stay within the command limit.
 * A refused non-synchronizing literal is read and dropped if at most twice the limit, else the connection ends.
 */
record SessionLiteralPolicy(ImapState state, ImapLimits limits, long appendLimit) implements LiteralPolicy {
    static final long SPOOL_ABOVE = 256 * 1024;

    @Override
    public Decision decide(LiteralRequest request) {
        long size = request.size();
        boolean nonSync = request.sync() == Sync.NON_SYNCHRONIZING;
        if (state instanceof ImapState.NotAuthenticated) {
            long max = limits.maxLiteralBeforeAuth().toBytes();
            if (size > max || request.bytesSoFar() + size > max + limits.maxCommandLine()) {
                return nonSync ? new Disconnect("Literal too large before authentication")
                        : new Refuse(Status.BAD, Optional.of("TOOBIG"), "Literal too large before authentication");
            }
            return new Accept(Storage.MEMORY);
        }
        if (request.commandName().equals("APPEND")) {
            if (size > appendLimit) {
                return nonSync && size > 2 * appendLimit ? new Disconnect("Message far above the APPENDLIMIT")
                        : new Refuse(Status.NO, Optional.of("TOOBIG"), "Message exceeds the APPENDLIMIT of " + appendLimit + " bytes");
            }
            return appendLiteral(request);
        }
        long max = limits.maxCommandLine();
        if (size > max || request.bytesSoFar() + size > 2L * max) {
            return nonSync && size > 2 * max ? new Disconnect("Literal too large")
                    : new Refuse(Status.BAD, Optional.of("TOOBIG"), "Literal too large");
        }
        return new Accept(Storage.MEMORY);
    }

    /**
     * A further literal of one APPEND (MULTIAPPEND messages, CATENATE TEXT parts): their number, their total and
     * the command's lines are bounded; only the first {@link #SPOOL_ABOVE} bytes of the command stay in memory.
     */
    private Decision appendLiteral(LiteralRequest request) {
        long size = request.size();
        if (request.literalsSoFar() >= (long) limits.maxAppendMessages() * limits.maxCatenateParts()) {
            return new Refuse(Status.NO, Optional.of("LIMIT"), "Too many literals in one APPEND");
        }
        if (request.literalBytesSoFar() + size > limits.maxAppendTotal().toBytes()) {
            return new Refuse(Status.NO, Optional.of("TOOBIG"), "The messages of one APPEND exceed "
                    + limits.maxAppendTotal().toBytes() + " bytes together");
        }
        if (request.bytesSoFar() > SPOOL_ABOVE + MAX_APPEND_LINES_IN_COMMAND_LINES * (long) limits.maxCommandLine()) {
            return new Refuse(Status.BAD, Optional.of("TOOBIG"), "APPEND command too long");
        }
        return new Accept(request.bytesSoFar() + size > SPOOL_ABOVE ? Storage.SPOOL : Storage.MEMORY);
    }

    /** The lines of one APPEND (flags, dates, CATENATE URLs) may add up to this many command lines. */
    static final int MAX_APPEND_LINES_IN_COMMAND_LINES = 16;
}
