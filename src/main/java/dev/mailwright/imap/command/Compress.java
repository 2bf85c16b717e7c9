package dev.mailwright.imap.command;

/**
 * {@code COMPRESS mechanism} (RFC 4978); valid once authenticated. The mechanism is kept as sent (upper case), so that
 * the processor can answer an unknown one.
 */
public record Compress(String tag, String mechanism) implements ImapCommand {
}
