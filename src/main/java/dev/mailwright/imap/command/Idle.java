package dev.mailwright.imap.command;

/** RFC 2177; valid once authenticated. */
public record Idle(String tag) implements ImapCommand {
}
