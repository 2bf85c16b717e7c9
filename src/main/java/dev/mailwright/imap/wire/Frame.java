package dev.mailwright.imap.wire;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** What the framer read: a whole command, or why there is none. */
public sealed interface Frame {

    /** A complete command: lines alternating with the literals they announced. */
    record Command(List<FramePart> parts) implements Frame {
        public Command {
            parts = List.copyOf(parts);
        }

        /** Deletes spool files of literals that were not handed on. */
        public void discardSpool() {
            for (FramePart p : parts) {
                if (p instanceof FramePart.Literal(LiteralData.Spooled s)) {
                    try {
                        Files.deleteIfExists(s.file());
                    } catch (IOException ignored) {
                        // best effort: leftovers are removed at the next start (ImapListeners.imapSpoolCleaner)
                    }
                }
            }
        }
    }

    /** A line longer than the limit; it was read up to its end and dropped. */
    record TooLong(String tag) implements Frame {
    }

    /** A literal the session would not take; already answered nothing, the session answers {@code tag}. */
    record Refused(String tag, Status status, java.util.Optional<String> code, String text) implements Frame {
    }

    /** The client announced a literal too large to read or discard: answer BYE and close. */
    record Abort(String text) implements Frame {
    }

    /** The client closed the connection. */
    record EndOfStream() implements Frame {
    }
}
