package dev.mailwright.imap.command;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.mailwright.imap.command.NotifyCommand.*;
import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;

/** {@code NOTIFY NONE} and {@code NOTIFY SET [STATUS] (filter events) ...} (RFC 5465 §8). */
final class NotifyParser {
    private NotifyParser() {
    }

    static MailboxCommand.Notify notify(String tag, CommandReader r, NameEncoding names) {
        r.sp();
        String verb = r.keyword();
        if (verb.equals("NONE")) {
            return new MailboxCommand.Notify(tag, InitialStatus.OMIT, List.of());
        }
        if (!verb.equals("SET")) {
            throw r.error("NOTIFY needs SET or NONE");
        }
        r.sp();
        InitialStatus status = InitialStatus.OMIT;
        if (r.peekWord("STATUS")) {
            r.atom();
            r.sp();
            status = InitialStatus.SEND;
        }
        List<Group> groups = new ArrayList<>();
        do {
            groups.add(group(r, names));
        } while (r.tryChar(' '));
        return new MailboxCommand.Notify(tag, status, List.copyOf(groups));
    }

    private static Group group(CommandReader r, NameEncoding names) {
        r.expect('(');
        String name = r.keyword();
        Filter filter = switch (name) {
            case "SELECTED" -> new Selected(Delay.NONE);
            case "SELECTED-DELAYED" -> new Selected(Delay.DELAYED);
            case "INBOXES" -> new Inboxes();
            case "PERSONAL" -> new Personal();
            case "SUBSCRIBED" -> new Subscribed();
            case "SUBTREE" -> new Subtree(mailboxes(r, names));
            case "MAILBOXES" -> new Mailboxes(mailboxes(r, names));
            default -> throw r.error("Unknown NOTIFY filter " + name);
        };
        r.sp();
        Set<Event> events = EnumSet.noneOf(Event.class);
        List<FetchItem> items = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        if (r.peekWord("NONE")) {
            r.atom();
        } else {
            r.expect('(');
            do {
                String event = r.atom();
                Event known = byName(event);
                if (known == null) {
                    unknown.add(event);
                    continue;
                }
                events.add(known);
                if (known == Event.MESSAGE_NEW && r.peekText(" (")) {
                    r.sp();
                    r.expect('(');
                    do {
                        items.add(FetchParser.item(r));
                    } while (r.tryChar(' '));
                    r.expect(')');
                }
            } while (r.tryChar(' '));
            r.expect(')');
        }
        r.expect(')');
        check(r, filter, events, items);
        return new Group(filter, Set.copyOf(events), List.copyOf(items), List.copyOf(unknown));
    }

    /** RFC 5465 §5: the message events come as a set; fetch attributes and SELECTED go together (§5.1, §6.1). */
    private static void check(CommandReader r, Filter filter, Set<Event> events, List<FetchItem> items) {
        boolean newOrExpunge = events.contains(Event.MESSAGE_NEW) || events.contains(Event.MESSAGE_EXPUNGE);
        if (newOrExpunge && !(events.contains(Event.MESSAGE_NEW) && events.contains(Event.MESSAGE_EXPUNGE))) {
            throw r.error("MessageNew and MessageExpunge go together");
        }
        if ((events.contains(Event.FLAG_CHANGE) || events.contains(Event.ANNOTATION_CHANGE)) && !newOrExpunge) {
            throw r.error("FlagChange and AnnotationChange need MessageNew and MessageExpunge");
        }
        boolean selected = filter instanceof Selected;
        if (!items.isEmpty() && !selected) {
            throw r.error("MessageNew fetch attributes only for SELECTED or SELECTED-DELAYED");
        }
        if (selected && (events.contains(Event.MAILBOX_NAME) || events.contains(Event.SUBSCRIPTION_CHANGE)
                || events.contains(Event.MAILBOX_METADATA_CHANGE) || events.contains(Event.SERVER_METADATA_CHANGE))) {
            throw r.error("SELECTED takes message events only");
        }
    }

    private static Event byName(String name) {
        for (Event e : Event.values()) {
            if (e.wireName().equalsIgnoreCase(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<String> mailboxes(CommandReader r, NameEncoding names) {
        r.sp();
        List<String> out = new ArrayList<>();
        if (r.tryChar('(')) {
            do {
                out.add(ImapParser.mailbox(r, names));
            } while (r.tryChar(' '));
            r.expect(')');
        } else {
            out.add(ImapParser.mailbox(r, names));
        }
        return List.copyOf(out);
    }
}
