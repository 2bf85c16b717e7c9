package dev.mailwright.store.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An RFC 5322 address list as IMAP ENVELOPE sees it (RFC 3501 §7.4.2): mailboxes, and groups marked by a
 * start entry and an end entry. Names are kept as sent (encoded words are not decoded); a quoted phrase
 * is unquoted; a mailbox without phrase takes its comment as name. Parsing is lenient and never throws.
 */
record AddressList(List<Entry> entries) {

    sealed interface Entry permits Mailbox, GroupStart, GroupEnd {
    }

    /** One mailbox; {@code host} is empty (never NIL) when the address had no domain. */
    record Mailbox(Optional<String> name, Optional<String> route, String local, String host) implements Entry {
        String addrSpec() {
            return host.isEmpty() ? local : local + "@" + host;
        }
    }

    record GroupStart(String name) implements Entry {
    }

    record GroupEnd() implements Entry {
    }

    AddressList {
        entries = List.copyOf(entries);
    }

    List<Mailbox> mailboxes() {
        List<Mailbox> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e instanceof Mailbox m) {
                out.add(m);
            }
        }
        return out;
    }

    static AddressList parse(String raw) {
        return new AddressListParser(HeaderTokens.tokenize(raw)).parse();
    }

    /** Writes the ENVELOPE address list, or NIL when there is no entry. */
    void writeTo(StringBuilder out) {
        if (entries.isEmpty()) {
            out.append(ImapStrings.NIL);
            return;
        }
        out.append('(');
        for (Entry e : entries) {
            out.append('(');
            switch (e) {
                case Mailbox m -> {
                    ImapStrings.nstring(out, m.name());
                    out.append(' ');
                    ImapStrings.nstring(out, m.route());
                    out.append(' ');
                    ImapStrings.string(out, m.local());
                    out.append(' ');
                    ImapStrings.string(out, m.host());
                }
                case GroupStart g -> {
                    out.append("NIL NIL ");
                    ImapStrings.string(out, g.name());
                    out.append(" NIL");
                }
                case GroupEnd ignored -> out.append("NIL NIL NIL NIL");
            }
            out.append(')');
        }
        out.append(')');
    }
}
