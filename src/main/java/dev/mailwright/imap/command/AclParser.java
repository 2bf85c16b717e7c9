package dev.mailwright.imap.command;

import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;

/** SETACL, DELETEACL, GETACL, LISTRIGHTS and MYRIGHTS (RFC 4314 §3, grammar in §9). */
final class AclParser {
    private AclParser() {
    }

    static AclCommand parse(String tag, String name, CommandReader r, NameEncoding names) {
        return switch (name) {
            case "SETACL" -> {
                String mailbox = ImapParser.spMailbox(r, names);
                r.sp();
                String identifier = r.astring();
                r.sp();
                yield new AclCommand.SetAcl(tag, mailbox, identifier, r.astring());
            }
            case "DELETEACL" -> {
                String mailbox = ImapParser.spMailbox(r, names);
                r.sp();
                yield new AclCommand.DeleteAcl(tag, mailbox, r.astring());
            }
            case "GETACL" -> new AclCommand.GetAcl(tag, ImapParser.spMailbox(r, names));
            case "LISTRIGHTS" -> {
                String mailbox = ImapParser.spMailbox(r, names);
                r.sp();
                yield new AclCommand.ListRights(tag, mailbox, r.astring());
            }
            case "MYRIGHTS" -> new AclCommand.MyRights(tag, ImapParser.spMailbox(r, names));
            default -> throw r.error("Unknown command " + name);
        };
    }
}
