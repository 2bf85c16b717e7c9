package dev.mailwright.imap.command;

/** A decoded client command. Each family says in which state it is valid (STYLE §3, §4). */
public sealed interface ImapCommand permits SessionCommand, AuthCommand, MailboxCommand, MessageCommand, Idle, QuotaCommand, Compress, AclCommand {
    String tag();
}
