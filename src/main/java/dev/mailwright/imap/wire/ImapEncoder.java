package dev.mailwright.imap.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.mailwright.imap.wire.ImapResponse.*;

/**
 * The only place that knows how IMAP data is written: atoms, quoted strings, literals, mailbox name
 * encoding and CRLF. Holds no session; {@link NameEncoding} says how mailbox names go out.
 */
public final class ImapEncoder {
    private static final DateTimeFormatter INTERNAL_DATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    public enum NameEncoding { MODIFIED_UTF7, UTF8 }

    private ImapEncoder() {
    }

    public static void write(ImapResponse response, ResponseOutput out, NameEncoding names) throws IOException {
        switch (response) {
            case Tagged t -> {
                out.ascii(t.tag() + " " + t.status() + " ");
                code(t.code(), out);
                text(t.text(), out);
            }
            case Continuation c -> {
                out.ascii("+ ");
                text(c.text(), out);
            }
            case Untagged u -> untagged(u, out, names);
        }
        out.ascii("\r\n");
    }

    private static void untagged(Untagged response, ResponseOutput out, NameEncoding names) throws IOException {
        out.ascii("* ");
        switch (response) {
            case StatusLine s -> {
                out.ascii(s.status() + " ");
                code(s.code(), out);
                text(s.text(), out);
            }
            case Capabilities c -> out.ascii("CAPABILITY " + String.join(" ", c.names()));
            case Exists e -> out.ascii(e.count() + " EXISTS");
            case Recent r -> out.ascii(r.count() + " RECENT");
            case Expunge e -> out.ascii(e.msn() + " EXPUNGE");
            case Vanished v -> out.ascii("VANISHED " + (v.when() == Vanished.When.EARLIER ? "(EARLIER) " : "") + v.uids());
            case FlagList f -> out.ascii("FLAGS (" + String.join(" ", f.flags()) + ")");
            case MailboxListing l -> {
                out.ascii(l.kind() + " (" + String.join(" ", l.attributes()) + ") \"/\" ");
                mailbox(l.name(), out, names);
                if (!l.childInfo().isEmpty()) {
                    out.ascii(" (\"CHILDINFO\" (" + String.join(" ", l.childInfo().stream().map(c -> "\"" + c + "\"").toList()) + "))");
                }
            }
            case RenamedListing r -> {
                out.ascii("LIST () \"/\" ");
                mailbox(r.name(), out, names);
                out.ascii(" (\"OLDNAME\" (");
                mailbox(r.oldName(), out, names);
                out.ascii("))");
            }
            case MailboxStatus s -> {
                out.ascii("STATUS ");
                mailbox(s.name(), out, names);
                StringBuilder sb = new StringBuilder(" (");
                for (StatusValue v : s.values()) {
                    sb.append(sb.length() > 2 ? " " : "").append(v.item()).append(' ').append(v.value());
                }
                out.ascii(sb.append(')').toString());
            }
            case SearchResult s -> {
                StringBuilder sb = new StringBuilder("SEARCH");
                s.numbers().forEach(n -> sb.append(' ').append(n));
                s.highestModseq().ifPresent(m -> sb.append(" (MODSEQ ").append(m).append(')'));
                out.ascii(sb.toString());
            }
            case SortResult s -> {
                StringBuilder sb = new StringBuilder("SORT");
                s.numbers().forEach(n -> sb.append(' ').append(n));
                s.highestModseq().ifPresent(m -> sb.append(" (MODSEQ ").append(m).append(')'));
                out.ascii(sb.toString());
            }
            case ThreadResult t -> {
                StringBuilder sb = new StringBuilder("THREAD");
                if (!t.threads().isEmpty()) {
                    sb.append(' ');
                    t.threads().appendTo(sb);
                }
                out.ascii(sb.toString());
            }
            case ExtendedSearch e -> {
                StringBuilder sb = new StringBuilder("ESEARCH (TAG ").append(quote(e.tag())).append(')');
                if (e.numbering() == ExtendedSearch.Numbering.UID) {
                    sb.append(" UID");
                }
                e.data().forEach(d -> sb.append(' ').append(d.name()).append(' ').append(d.value()));
                out.ascii(sb.toString());
            }
            case Fetched f -> fetch(f, out);
            // RFC 2342: personal, other users (none), shared: other accounts' mailboxes shared with this one (RFC 4314)
            case Namespace n -> out.ascii("NAMESPACE ((\"\" \"/\")) NIL ((\"Shared/\" \"/\"))");
            case Id id -> {
                if (id.keysAndValues().isEmpty()) {
                    out.ascii("ID NIL");
                } else {
                    out.ascii("ID (");
                    for (int i = 0; i < id.keysAndValues().size(); i++) {
                        if (i > 0) {
                            out.ascii(" ");
                        }
                        string(id.keysAndValues().get(i), out);
                    }
                    out.ascii(")");
                }
            }
            case Enabled e -> out.ascii("ENABLED" + (e.names().isEmpty() ? "" : " " + String.join(" ", e.names())));
            case QuotaRoot q -> {
                out.ascii("QUOTAROOT ");
                mailbox(q.mailbox(), out, names);
                for (String root : q.roots()) {
                    out.ascii(" ");
                    astring(root, out);
                }
            }
            case Acl a -> {
                out.ascii("ACL ");
                mailbox(a.mailbox(), out, names);
                for (AclGrant grant : a.grants()) {
                    out.ascii(" ");
                    astring(grant.identifier(), out);
                    out.ascii(" ");
                    astring(grant.rights(), out);
                }
            }
            case ListRights l -> {
                out.ascii("LISTRIGHTS ");
                mailbox(l.mailbox(), out, names);
                out.ascii(" ");
                astring(l.identifier(), out);
                out.ascii(" ");
                astring(l.required(), out);
                for (String optional : l.optional()) {
                    out.ascii(" ");
                    astring(optional, out);
                }
            }
            case MyRights m -> {
                out.ascii("MYRIGHTS ");
                mailbox(m.mailbox(), out, names);
                out.ascii(" ");
                astring(m.rights(), out);
            }
            case Quota q -> {
                out.ascii("QUOTA ");
                astring(q.root(), out);
                StringBuilder sb = new StringBuilder(" (");
                for (QuotaResource r : q.resources()) {
                    sb.append(sb.length() > 2 ? " " : "").append(r.name()).append(' ').append(r.usage()).append(' ').append(r.limit());
                }
                out.ascii(sb.append(')').toString());
            }
        }
    }

    private static void fetch(Fetched f, ResponseOutput out) throws IOException {
        out.number(f.msn());
        out.ascii(" FETCH (");
        boolean first = true;
        for (FetchValue v : f.values()) {
            if (!first) {
                out.ascii(' ');
            }
            first = false;
            switch (v) {
                case FlagsValue fl -> {
                    out.ascii("FLAGS (");
                    for (int i = 0; i < fl.flags().size(); i++) {
                        if (i > 0) {
                            out.ascii(' ');
                        }
                        out.ascii(fl.flags().get(i));
                    }
                    out.ascii(')');
                }
                case UidValue u -> {
                    out.ascii("UID ");
                    out.number(u.uid());
                }
                case ModSeqValue m -> {
                    out.ascii("MODSEQ (");
                    out.number(m.modseq());
                    out.ascii(')');
                }
                case InternalDateValue d -> out.ascii("INTERNALDATE \"" + INTERNAL_DATE.format(d.date()) + "\"");
                case SizeValue s -> {
                    out.ascii("RFC822.SIZE ");
                    out.number(s.size());
                }
                case SaveDateValue d -> out.ascii("SAVEDATE " + d.date().map(i -> "\"" + INTERNAL_DATE.format(i) + "\"").orElse("NIL"));
                case ObjectIdValue o -> out.ascii(o.name() + " " + o.id().map(id -> "(" + id + ")").orElse("NIL"));
                case PreviewValue p -> {
                    out.ascii("PREVIEW ");
                    if (p.text().isEmpty()) {
                        out.ascii("NIL");
                    } else {
                        string(p.text().get(), out);
                    }
                }
                case SyntaxValue s -> {
                    out.ascii(s.name() + " ");
                    out.utf8(s.imapSyntax());
                }
                case SectionValue s -> {
                    out.ascii(s.name() + " ");
                    if (s.body().isEmpty()) {
                        out.ascii("NIL");
                    } else {
                        literal(s.body().get(), out);
                    }
                }
                case BinaryValue b -> {
                    out.ascii(b.name() + " ");
                    if (b.body().isEmpty()) {
                        out.ascii("NIL");
                    } else {
                        if (b.form() == LiteralForm.LITERAL8) {
                            out.ascii("~");
                        }
                        literal(b.body().get(), out);
                    }
                }
                case NumberValue n -> out.ascii(n.name() + " " + n.value());
            }
        }
        out.ascii(')');
    }

    private static void literal(BodySource body, ResponseOutput out) throws IOException {
        long length = body.length();
        out.ascii("{" + length + "}\r\n");
        byte[] buf = new byte[64 * 1024];
        long written = 0;
        InputStream source;
        try {
            source = body.open();
        } catch (IOException unreadable) {
            source = InputStream.nullInputStream();   // the store vanished under us: keep the stream in sync, pad below
        }
        try (InputStream in = source) {
            while (written < length) {
                int r;
                try {
                    r = in.read(buf, 0, (int) Math.min(buf.length, length - written));
                } catch (IOException unreadable) {
                    break;   // a read failure of the source, not of the client: pad below
                }
                if (r < 0) {
                    break;
                }
                out.bytes(buf, 0, r);
                written += r;
            }
        }
        // The length was promised in the literal header: pad if the source turned out shorter.
        while (written < length) {
            out.bytes(new byte[] {' '});
            written++;
        }
    }

    private static void code(Optional<String> code, ResponseOutput out) throws IOException {
        if (code.isPresent()) {
            out.ascii("[" + code.get() + "] ");
        }
    }

    private static void text(String text, ResponseOutput out) throws IOException {
        out.bytes(text.replace('\r', ' ').replace('\n', ' ').getBytes(StandardCharsets.UTF_8));
    }

    /** A mailbox name: modified UTF-7 unless UTF8=ACCEPT is enabled, always as a quoted string or literal. */
    public static void mailbox(String name, ResponseOutput out, NameEncoding names) throws IOException {
        switch (names) {
            case MODIFIED_UTF7 -> string(ModifiedUtf7.encode(name), out);
            case UTF8 -> string(name, out);
        }
    }

    /** A string: quoted when it can be, else a literal. */
    public static void string(String s, ResponseOutput out) throws IOException {
        if (canQuote(s)) {
            out.bytes(quote(s).getBytes(StandardCharsets.UTF_8));
        } else {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.ascii("{" + bytes.length + "}\r\n");
            out.bytes(bytes);
        }
    }

    /** An astring: an atom when it can be, else quoted or literal. */
    public static void astring(String s, ResponseOutput out) throws IOException {
        if (ImapChars.isAtom(s)) {
            out.ascii(s);
        } else {
            string(s, out);
        }
    }

    /** The text of an astring (atom or quoted string), for names echoed inside a larger item. */
    public static String astringSyntax(String s) {
        return ImapChars.isAtom(s) ? s : quote(s);
    }

    static boolean canQuote(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return false;
            }
        }
        return s.length() < 1024;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Convenience for tests and small responses: the bytes of one response. */
    public static byte[] toBytes(ImapResponse response, NameEncoding names) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ResponseOutput out = new ResponseOutput(bytes::writeBytes);
        try {
            write(response, out, names);
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static List<String> quoteAll(List<String> values) {
        return values.stream().map(ImapEncoder::quote).toList();
    }
}
