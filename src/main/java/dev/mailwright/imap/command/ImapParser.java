package dev.mailwright.imap.command;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.mailwright.imap.command.MailboxCommand.*;
import dev.mailwright.imap.command.MessageCommand.*;
import dev.mailwright.imap.wire.FramePart;
import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;
import dev.mailwright.imap.wire.ImapTags;
import dev.mailwright.imap.wire.LiteralData;
import dev.mailwright.imap.wire.ModifiedUtf7;

/**
 * Decodes one framed command into its record: a pure function of the bytes and of how mailbox names
 * are encoded (modified UTF-7, or UTF-8 after ENABLE UTF8=ACCEPT). Command names, keywords and items are
 * case-insensitive. Anything outside the grammar throws {@link DecodeException}.
 */
public final class ImapParser {
    private static final DateTimeFormatter DATE_TIME =
            new java.time.format.DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy HH:mm:ss Z").toFormatter(Locale.ENGLISH);

    private ImapParser() {
    }

    public static ImapCommand parse(List<FramePart> parts, NameEncoding names) {
        CommandReader r = new CommandReader(parts);
        if (parts.size() == 1 && parts.getFirst() instanceof FramePart.Line line && line.text().isEmpty()) {
            throw new DecodeException("*", "Empty command line");
        }
        String tag;
        try {
            tag = r.atom("]");
        } catch (DecodeException e) {
            throw new DecodeException("*", "Missing tag");
        }
        if (!ImapTags.isValid(tag)) {
            throw new DecodeException("*", "Invalid tag");
        }
        r.tag(tag);
        if (r.atEnd()) {
            throw r.error("Missing command");
        }
        r.sp();
        String name = r.keyword();
        ImapCommand command = command(tag, name, r, names);
        r.end();
        return command;
    }

    /**
     * A section-spec as written inside {@code BODY[...]} (an IMAP URL's {@code ;SECTION=}, RFC 5092), as a
     * {@code BODY.PEEK} item; empty when it is not one.
     */
    public static Optional<FetchItem.Section> section(String spec) {
        if (spec.length() > 1024 || spec.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ']' || c == '{' || c == '~')) {
            return Optional.empty();
        }
        try {
            CommandReader r = new CommandReader(List.of(new FramePart.Line(" BODY.PEEK[" + spec + "]")));
            MessageCommand.Fetch fetch = FetchParser.fetch("*", new NumSet.Sequence(List.of(new NumSet.Range(1, 1))), r);
            r.end();
            return fetch.items().getFirst() instanceof FetchItem.Section s && s.partial().isEmpty()
                    ? Optional.of(s) : Optional.empty();
        } catch (DecodeException e) {
            return Optional.empty();
        }
    }

    /** The command's tag if it has a valid one, else {@code *}, for answering a command that could not be parsed. */
    public static String tagOf(List<FramePart> parts) {
        try {
            String tag = new CommandReader(parts).atom("]");
            return ImapTags.isValid(tag) ? tag : "*";
        } catch (DecodeException e) {
            return "*";
        }
    }

    /** The command's name as sent, upper case ({@code UID FETCH} for UID commands), for error texts. */
    public static String commandName(List<FramePart> parts) {
        CommandReader r = new CommandReader(parts);
        try {
            r.atom("]");
            r.sp();
            String name = r.keyword();
            if (name.equals("UID") && r.more()) {
                return name + " " + r.keyword();
            }
            return name;
        } catch (DecodeException e) {
            return "Command";
        }
    }

    private static ImapCommand command(String tag, String name, CommandReader r, NameEncoding names) {
        return switch (name) {
            case "CAPABILITY" -> new SessionCommand.Capability(tag);
            case "NOOP" -> new SessionCommand.Noop(tag);
            case "LOGOUT" -> new SessionCommand.Logout(tag);
            case "ID" -> id(tag, r);
            case "ENABLE" -> {
                List<String> caps = new ArrayList<>();
                while (r.more()) {
                    caps.add(r.keyword());
                }
                if (caps.isEmpty()) {
                    throw r.error("ENABLE needs at least one capability");
                }
                yield new SessionCommand.Enable(tag, caps);
            }
            case "STARTTLS" -> new AuthCommand.StartTls(tag);
            case "LOGIN" -> {
                r.sp();
                String user = r.astring();
                r.sp();
                yield new AuthCommand.Login(tag, user, r.astring());
            }
            case "AUTHENTICATE" -> {
                r.sp();
                String mechanism = r.keyword();
                Optional<String> initial = Optional.empty();
                if (r.more()) {
                    initial = Optional.of(r.atom("=+/"));
                }
                yield new AuthCommand.Authenticate(tag, mechanism, initial);
            }
            case "SELECT", "EXAMINE" -> select(tag, name, r, names);
            case "CREATE" -> {
                r.sp();
                String mailbox = mailbox(r, names);
                if (r.more()) {   // RFC 6154 CREATE ... (USE (...)): accepted, the store assigns special use itself
                    skipParenthesised(r);
                }
                yield new Create(tag, mailbox);
            }
            case "DELETE" -> new Delete(tag, spMailbox(r, names));
            case "RENAME" -> {
                String from = spMailbox(r, names);
                yield new Rename(tag, from, spMailbox(r, names));
            }
            case "SUBSCRIBE" -> new Subscribe(tag, spMailbox(r, names));
            case "UNSUBSCRIBE" -> new Unsubscribe(tag, spMailbox(r, names));
            case "LIST" -> ListParser.list(tag, ListMailboxes.Kind.LIST, r, names);
            case "LSUB" -> ListParser.list(tag, ListMailboxes.Kind.LSUB, r, names);
            case "XLIST" -> ListParser.list(tag, ListMailboxes.Kind.XLIST, r, names);
            case "NAMESPACE" -> new Namespace(tag);
            case "NOTIFY" -> NotifyParser.notify(tag, r, names);
            case "STATUS" -> status(tag, r, names);
            case "APPEND" -> append(tag, r, names);
            case "CHECK" -> new Check(tag);
            case "CLOSE" -> new Close(tag);
            case "UNSELECT" -> new Unselect(tag);
            case "EXPUNGE" -> new Expunge(tag, Optional.empty());
            case "IDLE" -> new Idle(tag);
            case "FETCH" -> FetchParser.fetch(tag, spSet(r, NumSet.Form.SEQUENCE), r);
            case "STORE" -> store(tag, spSet(r, NumSet.Form.SEQUENCE), r);
            case "COPY" -> new Copy(tag, spSet(r, NumSet.Form.SEQUENCE), spMailbox(r, names));
            case "MOVE" -> new Move(tag, spSet(r, NumSet.Form.SEQUENCE), spMailbox(r, names));
            case "SEARCH" -> SearchParser.search(tag, Numbering.SEQUENCE, r);
            case "SORT" -> SortParser.sort(tag, Numbering.SEQUENCE, r);
            case "THREAD" -> SortParser.thread(tag, Numbering.SEQUENCE, r);
            case "CANCELUPDATE" -> cancelUpdate(tag, r);
            case "UID" -> uid(tag, r, names);
            case "GETQUOTA", "GETQUOTAROOT", "SETQUOTA" -> QuotaParser.parse(tag, name, r, names);
            case "COMPRESS" -> {
                r.sp();
                yield new Compress(tag, r.keyword());
            }
            case "SETACL", "DELETEACL", "GETACL", "LISTRIGHTS", "MYRIGHTS" -> AclParser.parse(tag, name, r, names);
            default -> throw r.error("Unknown command " + name);
        };
    }

    private static ImapCommand uid(String tag, CommandReader r, NameEncoding names) {
        r.sp();
        String sub = r.keyword();
        return switch (sub) {
            case "FETCH" -> FetchParser.fetch(tag, spSet(r, NumSet.Form.UID), r);
            case "STORE" -> store(tag, spSet(r, NumSet.Form.UID), r);
            case "COPY" -> new Copy(tag, spSet(r, NumSet.Form.UID), spMailbox(r, names));
            case "MOVE" -> new Move(tag, spSet(r, NumSet.Form.UID), spMailbox(r, names));
            case "EXPUNGE" -> new Expunge(tag, Optional.of(spSet(r, NumSet.Form.UID)));
            case "SEARCH" -> SearchParser.search(tag, Numbering.UID, r);
            case "SORT" -> SortParser.sort(tag, Numbering.UID, r);
            case "THREAD" -> SortParser.thread(tag, Numbering.UID, r);
            default -> throw r.error("Unknown UID command " + sub);
        };
    }

    /** {@code CANCELUPDATE 1*(SP quoted)} (RFC 5267 §5). */
    private static CancelUpdate cancelUpdate(String tag, CommandReader r) {
        List<String> tags = new ArrayList<>();
        r.sp();
        do {
            if (!r.peekIs('"')) {
                throw r.error("CANCELUPDATE takes quoted tags");
            }
            tags.add(r.quoted());
        } while (r.more());
        return new CancelUpdate(tag, tags);
    }

    private static NumSet spSet(CommandReader r, NumSet.Form form) {
        r.sp();
        return r.numSet(form);
    }

    static String spMailbox(CommandReader r, NameEncoding names) {
        r.sp();
        return mailbox(r, names);
    }

    static String mailbox(CommandReader r, NameEncoding names) {
        return decodeName(r.astring(), r, names);
    }

    static String decodeName(String raw, CommandReader r, NameEncoding names) {
        String name = switch (names) {
            case MODIFIED_UTF7 -> ModifiedUtf7.decode(raw).orElseThrow(() -> r.refusal("Invalid modified UTF-7 mailbox name"));
            case UTF8 -> raw;
        };
        if (name.equalsIgnoreCase("INBOX")) {
            return "INBOX";
        }
        if (name.regionMatches(true, 0, "INBOX/", 0, 6)) {
            return "INBOX" + name.substring(5);
        }
        return name;
    }

    private static SessionCommand.Id id(String tag, CommandReader r) {
        r.sp();
        List<String> params = new ArrayList<>();
        if (r.peekWord("NIL")) {
            r.atom();
            return new SessionCommand.Id(tag, params);
        }
        r.expect('(');
        while (!r.tryChar(')')) {
            if (!params.isEmpty()) {
                r.sp();
            }
            params.add(r.string());
            r.sp();
            params.add(r.nstring().orElse(""));
        }
        return new SessionCommand.Id(tag, params);
    }

    private static Select select(String tag, String name, CommandReader r, NameEncoding names) {
        String mailbox = spMailbox(r, names);
        Set<SelectParameter> params = EnumSet.noneOf(SelectParameter.class);
        Optional<Qresync> qresync = Optional.empty();
        if (r.more()) {
            r.expect('(');
            do {
                String p = r.keyword();
                switch (p) {
                    case "CONDSTORE" -> params.add(SelectParameter.CONDSTORE);
                    case "QRESYNC" -> {
                        r.sp();
                        qresync = Optional.of(qresync(r));
                    }
                    default -> throw r.error("Unsupported SELECT parameter " + p);
                }
            } while (r.tryChar(' '));
            r.expect(')');
        }
        return new Select(tag, mailbox, name.equals("SELECT") ? SelectMode.READ_WRITE : SelectMode.READ_ONLY, params, qresync);
    }

    private static Qresync qresync(CommandReader r) {
        r.expect('(');
        long uidValidity = r.nzNumber();
        r.sp();
        long modseq = r.nzNumber();
        Optional<NumSet.Uids> known = Optional.empty();
        if (r.tryChar(' ')) {
            if (!r.peekIs('(')) {
                known = Optional.of(new NumSet.Uids(r.sequenceSet()));
                if (!r.tryChar(' ')) {
                    r.expect(')');
                    return new Qresync(uidValidity, modseq, known);
                }
            }
            r.expect('(');   // seq-match-data: (known-sequence-set known-uid-set), see Qresync
            r.sequenceSet();
            r.sp();
            r.sequenceSet();
            r.expect(')');
        }
        r.expect(')');
        return new Qresync(uidValidity, modseq, known);
    }

    private static Status status(String tag, CommandReader r, NameEncoding names) {
        String mailbox = spMailbox(r, names);
        r.sp();
        return new Status(tag, mailbox, statusItems(r));
    }

    /** {@code (item item ...)} of STATUS and of LIST ... RETURN (STATUS ...). */
    static List<StatusItem> statusItems(CommandReader r) {
        r.expect('(');
        List<StatusItem> items = new ArrayList<>();
        do {
            String item = r.keyword();
            try {
                items.add(StatusItem.valueOf(item));
            } catch (IllegalArgumentException e) {
                throw r.error("Unknown STATUS item " + item);
            }
        } while (r.tryChar(' '));
        r.expect(')');
        return List.copyOf(items);
    }

    /**
     * {@code APPEND mailbox 1*(SP [flag-list SP] [date-time SP] append-data)} (RFC 3502 MULTIAPPEND), where
     * append-data is a literal, a literal8 (RFC 3516), {@code UTF8 (literal8)} (RFC 6855) or
     * {@code CATENATE (cat-part ...)} (RFC 4469). Counts are bounded by the framer's literal policy and the line limit.
     */
    private static Append append(String tag, CommandReader r, NameEncoding names) {
        String mailbox = spMailbox(r, names);
        List<AppendMessage> messages = new ArrayList<>();
        do {
            r.sp();
            messages.add(appendMessage(r));
        } while (!r.atEnd());
        return new Append(tag, mailbox, messages);
    }

    private static AppendMessage appendMessage(CommandReader r) {
        List<String> flags = List.of();
        if (r.peekIs('(')) {
            flags = settableFlags(r.flagList(), r);
            r.sp();
        }
        Optional<ZonedDateTime> date = Optional.empty();
        if (r.peekIs('"')) {
            String text = r.quoted().trim();
            try {
                date = Optional.of(ZonedDateTime.parse(text, DATE_TIME));
            } catch (DateTimeParseException e) {
                throw r.error("Bad date-time " + text);
            }
            r.sp();
        }
        if (r.peekWord("UTF8")) {   // RFC 6855 §4: APPEND ... UTF8 (~{n}...)
            r.atom();
            r.sp();
            r.expect('(');
            LiteralKind kind = literalKind(r);
            LiteralData message = r.literal();
            r.expect(')');
            return new AppendMessage(flags, date, new AppendContent.Literal(message, kind));
        }
        if (r.peekWord("CATENATE")) {
            r.atom();
            r.sp();
            return new AppendMessage(flags, date, new AppendContent.Catenate(catenateParts(r)));
        }
        if (!(r.peekIs('{') || r.peekIs('~'))) {
            throw r.error("APPEND needs the message as a literal");
        }
        LiteralKind kind = literalKind(r);
        return new AppendMessage(flags, date, new AppendContent.Literal(r.literal(), kind));
    }

    /** {@code ~{n}} is a literal8 (RFC 3516 §4.2), {@code {n}} an ordinary literal. */
    private static LiteralKind literalKind(CommandReader r) {
        return r.peekIs('~') ? LiteralKind.BINARY : LiteralKind.TEXT;
    }

    /** RFC 4469 §5: {@code "(" cat-part *(SP cat-part) ")"}; TEXT takes a literal or literal8. */
    private static List<CatenatePart> catenateParts(CommandReader r) {
        r.expect('(');
        List<CatenatePart> parts = new ArrayList<>();
        do {
            String kind = r.keyword();
            r.sp();
            switch (kind) {
                case "TEXT" -> {
                    if (!(r.peekIs('{') || r.peekIs('~'))) {
                        throw r.error("CATENATE TEXT needs a literal");
                    }
                    LiteralKind literalKind = literalKind(r);
                    parts.add(new CatenatePart.Text(r.literal(), literalKind));
                }
                case "URL" -> parts.add(new CatenatePart.Url(r.astring()));
                default -> throw r.error("Unknown CATENATE part " + kind);
            }
        } while (r.tryChar(' '));
        r.expect(')');
        return parts;
    }

    private static Store store(String tag, NumSet set, CommandReader r) {
        r.sp();
        Optional<Long> unchangedSince = Optional.empty();
        if (r.tryChar('(')) {
            String modifier = r.keyword();
            if (!modifier.equals("UNCHANGEDSINCE")) {
                throw r.error("Unknown STORE modifier " + modifier);
            }
            r.sp();
            unchangedSince = Optional.of(r.number());
            r.expect(')');
            r.sp();
        }
        StoreOperation op = StoreOperation.REPLACE;
        if (r.tryChar('+')) {
            op = StoreOperation.ADD;
        } else if (r.tryChar('-')) {
            op = StoreOperation.REMOVE;
        }
        String item = r.keyword();
        StoreReply reply = switch (item) {
            case "FLAGS" -> StoreReply.REPORT;
            case "FLAGS.SILENT" -> StoreReply.SILENT;
            default -> throw r.error("Unknown STORE item " + item);
        };
        r.sp();
        List<String> flags;
        if (r.peekIs('(')) {
            flags = r.flagList();
        } else {
            flags = new ArrayList<>();
            do {
                flags.add(r.flag());
            } while (r.tryChar(' '));
        }
        return new Store(tag, set, unchangedSince, op, reply, settableFlags(flags, r));
    }

    /**
     * Flags a client may set: the five system flags and keywords. {@code \Recent} belongs to the server
     * (RFC 3501 §2.3.2) and any other backslash flag is unknown: both are refused, as Dovecot does.
     */
    private static final Set<String> SETTABLE_SYSTEM_FLAGS = Set.of("\\SEEN", "\\ANSWERED", "\\FLAGGED", "\\DELETED", "\\DRAFT");

    private static List<String> settableFlags(List<String> flags, CommandReader r) {
        for (String flag : flags) {
            if (flag.startsWith("\\") && !SETTABLE_SYSTEM_FLAGS.contains(flag.toUpperCase(Locale.ROOT))) {
                throw r.error("Invalid system flag " + flag);
            }
        }
        return flags;
    }

    static void skipParenthesised(CommandReader r) {
        r.expect('(');
        int depth = 1;
        while (depth > 0) {
            if (r.atEnd()) {
                throw r.error("Unbalanced parentheses");
            }
            char c = r.peek();
            if (c == '"') {
                r.quoted();
                continue;
            }
            if (c == '{' || c == '~') {
                // a literal (with its data) is one value; skipping it by characters would run past the line's end
                r.literal();
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            r.expect(c);
        }
    }
}
