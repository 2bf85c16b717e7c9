package dev.mailwright.imap.command;

import java.util.List;

/** Valid in every state. */
public sealed interface SessionCommand extends ImapCommand {

    record Capability(String tag) implements SessionCommand {
    }

    record Noop(String tag) implements SessionCommand {
    }

    record Logout(String tag) implements SessionCommand {
    }

    /** RFC 2971; {@code parameters} alternates keys and values, empty for NIL. */
    record Id(String tag, List<String> parameters) implements SessionCommand {
    }

    /** RFC 5161; valid only once authenticated (checked by the processor). */
    record Enable(String tag, List<String> capabilities) implements SessionCommand {
    }
}
