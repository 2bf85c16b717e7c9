package dev.mailwright.imap.wire;

/**
 * Decides, before any {@code +} is sent, whether a literal the client announced is accepted. The framer
 * asks once per literal with the command read so far, so limits can depend on the command (APPEND) and on
 * the session's state (authenticated or not).
 */
@FunctionalInterface
public interface LiteralPolicy {

    Decision decide(LiteralRequest request);

    /**
     * {@code bytesSoFar}: lines and in-memory literals of this command so far; {@code literalsSoFar} and
     * {@code literalBytesSoFar}: every literal before this one, spooled ones included (MULTIAPPEND, CATENATE).
     */
    record LiteralRequest(String firstLine, long size, Sync sync, long bytesSoFar, int literalsSoFar, long literalBytesSoFar) {
        public LiteralRequest(String firstLine, long size, Sync sync, long bytesSoFar) {
            this(firstLine, size, sync, bytesSoFar, 0, 0);
        }

        /** The command name (second token of the first line), upper-case, or empty. */
        public String commandName() {
            String[] tokens = firstLine.split(" ", 3);
            return tokens.length < 2 ? "" : tokens[1].toUpperCase(java.util.Locale.ROOT);
        }
    }

    enum Sync { SYNCHRONIZING, NON_SYNCHRONIZING }

    enum Storage { MEMORY, SPOOL }

    sealed interface Decision {
    }

    record Accept(Storage storage) implements Decision {
    }

    /** Answer the command with a tagged {@code status [code] text}; a non-synchronizing literal is read and dropped. */
    record Refuse(Status status, java.util.Optional<String> code, String text) implements Decision {
    }

    /** Too large even to drop: the session says BYE and closes. */
    record Disconnect(String text) implements Decision {
    }
}
