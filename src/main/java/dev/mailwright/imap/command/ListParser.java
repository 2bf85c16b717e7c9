package dev.mailwright.imap.command;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.mailwright.imap.command.MailboxCommand.ListMailboxes;
import dev.mailwright.imap.command.MailboxCommand.ListReturn;
import dev.mailwright.imap.command.MailboxCommand.ListSelection;
import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;

/** LIST with the options of RFC 5258, RFC 6154 and RFC 5819 (STATUS), LSUB and XLIST. */
final class ListParser {
    private ListParser() {
    }

    static ListMailboxes list(String tag, ListMailboxes.Kind kind, CommandReader r, NameEncoding names) {
        r.sp();
        Set<ListSelection> selection = EnumSet.noneOf(ListSelection.class);
        if (kind == ListMailboxes.Kind.LIST && r.tryChar('(')) {
            while (!r.tryChar(')')) {
                r.tryChar(' ');
                String option = r.keyword();
                selection.add(switch (option) {
                    case "SUBSCRIBED" -> ListSelection.SUBSCRIBED;
                    case "REMOTE" -> ListSelection.REMOTE;
                    case "RECURSIVEMATCH" -> ListSelection.RECURSIVEMATCH;
                    case "SPECIAL-USE" -> ListSelection.SPECIAL_USE;
                    default -> throw r.error("Unknown LIST selection option " + option);
                });
            }
            // RFC 5258 §3.1: RECURSIVEMATCH never alone, nor with REMOTE only
            if (selection.contains(ListSelection.RECURSIVEMATCH) && !selection.contains(ListSelection.SUBSCRIBED)
                    && !selection.contains(ListSelection.SPECIAL_USE)) {
                throw r.error("RECURSIVEMATCH needs another selection option");
            }
            r.sp();
        }
        String reference = ImapParser.decodeName(r.astring(), r, names);
        r.sp();
        List<String> patterns = new ArrayList<>();
        if (kind == ListMailboxes.Kind.LIST && r.tryChar('(')) {
            do {
                patterns.add(ImapParser.decodeName(r.listMailbox(), r, names));
            } while (r.tryChar(' '));
            r.expect(')');
        } else {
            patterns.add(ImapParser.decodeName(r.listMailbox(), r, names));
        }
        Set<ListReturn> returns = EnumSet.noneOf(ListReturn.class);
        List<MailboxCommand.StatusItem> status = List.of();
        if (kind == ListMailboxes.Kind.LIST && r.more()) {
            if (!r.keyword().equals("RETURN")) {
                throw r.error("Expected RETURN");
            }
            r.sp();
            r.expect('(');
            while (!r.tryChar(')')) {
                r.tryChar(' ');
                String option = r.keyword();
                if (option.equals("STATUS")) {   // RFC 5819
                    r.sp();
                    status = ImapParser.statusItems(r);
                    continue;
                }
                returns.add(switch (option) {
                    case "SUBSCRIBED" -> ListReturn.SUBSCRIBED;
                    case "CHILDREN" -> ListReturn.CHILDREN;
                    case "SPECIAL-USE" -> ListReturn.SPECIAL_USE;
                    default -> throw r.error("Unknown LIST return option " + option);
                });
            }
        }
        return new ListMailboxes(tag, kind, selection, reference, patterns, returns, status);
    }
}
