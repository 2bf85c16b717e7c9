package dev.mailwright.imap.command;

/** RFC 4314 ACL commands: valid once authenticated. Rights stay text here; the processor reads them. */
public sealed interface AclCommand extends ImapCommand {

    /** {@code rights} as sent, with its {@code +}/{@code -} modifier if any. */
    record SetAcl(String tag, String mailbox, String identifier, String rights) implements AclCommand {
    }

    record DeleteAcl(String tag, String mailbox, String identifier) implements AclCommand {
    }

    record GetAcl(String tag, String mailbox) implements AclCommand {
    }

    record ListRights(String tag, String mailbox, String identifier) implements AclCommand {
    }

    record MyRights(String tag, String mailbox) implements AclCommand {
    }
}
