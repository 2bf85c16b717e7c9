package dev.mailwright.store.ingest;

import dev.mailwright.store.ingest.AddressList.Entry;
import dev.mailwright.store.ingest.AddressList.GroupEnd;
import dev.mailwright.store.ingest.AddressList.GroupStart;
import dev.mailwright.store.ingest.AddressList.Mailbox;
import dev.mailwright.store.ingest.HeaderTokens.Kind;
import dev.mailwright.store.ingest.HeaderTokens.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Lenient RFC 5322 §3.4 address-list parser over {@link HeaderTokens}; every token is consumed once. */
final class AddressListParser {
    private final List<Token> tokens;
    private final List<Entry> out = new ArrayList<>();
    private int pos;

    AddressListParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    AddressList parse() {
        while (pos < tokens.size()) {
            if (peek(',')) {
                pos++;
            } else {
                item(false);
            }
        }
        return new AddressList(out);
    }

    private boolean peek(char special) {
        return pos < tokens.size() && tokens.get(pos).is(special);
    }

    private boolean atItemEnd(boolean inGroup) {
        return pos >= tokens.size() || peek(',') || (inGroup && peek(';'));
    }

    private void item(boolean inGroup) {
        List<Token> words = new ArrayList<>();
        String comment = null;
        while (!atItemEnd(inGroup)) {
            Token t = tokens.get(pos++);
            if (t.is(':') && !inGroup) {
                group(phrase(words).orElse(""));
                return;
            } else if (t.is('<')) {
                angleAddress(phrase(words), comment, inGroup);
                return;
            } else if (t.is('@')) {
                addrSpec(words, comment, inGroup);
                return;
            } else if (t.kind() == Kind.COMMENT) {
                comment = t.text();
            } else if (!t.is(';') && !t.is(':')) {
                words.add(t);
            }
        }
        if (!words.isEmpty()) {
            out.add(new Mailbox(nonEmpty(comment), Optional.empty(), join(words, " "), ""));
        }
    }

    private void group(String name) {
        out.add(new GroupStart(name));
        while (pos < tokens.size()) {
            if (peek(';')) {
                pos++;
                break;
            } else if (peek(',')) {
                pos++;
            } else {
                item(true);
            }
        }
        out.add(new GroupEnd());
    }

    private void addrSpec(List<Token> localWords, String comment, boolean inGroup) {
        StringBuilder domain = new StringBuilder();
        String name = comment;
        while (!atItemEnd(inGroup)) {
            Token t = tokens.get(pos++);
            if (t.kind() == Kind.COMMENT) {
                name = t.text();
            } else if (t.kind() == Kind.ATOM || t.kind() == Kind.DOMAIN_LITERAL) {
                domain.append(t.raw());
            }
        }
        out.add(new Mailbox(nonEmpty(name), Optional.empty(), join(localWords, ""), domain.toString()));
    }

    private void angleAddress(Optional<String> phrase, String comment, boolean inGroup) {
        StringBuilder route = new StringBuilder();
        if (peek('@') && routeFollows()) {
            while (pos < tokens.size() && !peek(':')) {
                Token t = tokens.get(pos++);
                if (t.kind() != Kind.COMMENT) {
                    route.append(t.raw());
                }
            }
            pos++;
        }
        List<Token> local = new ArrayList<>();
        StringBuilder domain = new StringBuilder();
        boolean inDomain = false;
        while (pos < tokens.size() && !peek('>')) {
            Token t = tokens.get(pos++);
            if (t.is('@') && !inDomain) {
                inDomain = true;
            } else if (t.kind() == Kind.COMMENT) {
                continue;
            } else if (inDomain) {
                domain.append(t.raw());
            } else {
                local.add(t);
            }
        }
        pos++;
        String name = phrase.orElse(null);
        while (!atItemEnd(inGroup)) {
            Token t = tokens.get(pos++);
            if (t.kind() == Kind.COMMENT && name == null) {
                name = t.text();
            }
        }
        if (name == null) {
            name = comment;
        }
        out.add(new Mailbox(nonEmpty(name), nonEmpty(route.toString()), join(local, ""), domain.toString()));
    }

    /** Whether an obsolete source route ("@a,@b:") comes before the addr-spec inside angle brackets. */
    private boolean routeFollows() {
        for (int i = pos; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is(':')) {
                return true;
            }
            if (t.is('>')) {
                return false;
            }
        }
        return false;
    }

    private static Optional<String> phrase(List<Token> words) {
        if (words.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        for (Token w : words) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(w.kind() == Kind.QUOTED ? w.text() : w.raw());
        }
        return Optional.of(sb.toString());
    }

    private static String join(List<Token> words, String sep) {
        StringBuilder sb = new StringBuilder();
        for (Token w : words) {
            if (!sb.isEmpty()) {
                sb.append(sep);
            }
            sb.append(w.raw());
        }
        return sb.toString();
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
