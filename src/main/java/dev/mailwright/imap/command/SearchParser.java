package dev.mailwright.imap.command;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.mailwright.imap.command.MessageCommand.Numbering;
import dev.mailwright.imap.command.MessageCommand.PartialRange;
import dev.mailwright.imap.command.MessageCommand.Search;
import dev.mailwright.imap.command.MessageCommand.SearchReturn;
import dev.mailwright.imap.command.SearchKey.*;

/** The SEARCH grammar of RFC 3501 §6.4.4, plus MODSEQ (RFC 7162 §3.1.5) and RETURN options (RFC 4731). */
final class SearchParser {
    private static final DateTimeFormatter DATE = new java.time.format.DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy").toFormatter(Locale.ENGLISH);
    private static final int MAX_DEPTH = 100;

    private SearchParser() {
    }

    static Search search(String tag, Numbering numbering, CommandReader r) {
        r.sp();
        Optional<Set<SearchReturn>> returns = Optional.empty();
        PartialRange[] partial = {null};
        if (r.peekWord("RETURN")) {
            r.atom();
            r.sp();
            returns = Optional.of(returnOptions(r, partial));
            r.sp();
        }
        Optional<String> charset = Optional.empty();
        if (r.peekWord("CHARSET")) {
            r.atom();
            r.sp();
            charset = Optional.of(r.astring());
            r.sp();
        }
        return new Search(tag, numbering, charset, criteria(r), returns, Optional.ofNullable(partial[0]));
    }

    /** One or more search keys to the end of the command (SEARCH, and SORT and THREAD after their charset). */
    static SearchKey criteria(CommandReader r) {
        List<SearchKey> keys = new ArrayList<>();
        keys.add(key(r, 0));
        while (r.more()) {
            keys.add(key(r, 0));
        }
        return keys.size() == 1 ? keys.getFirst() : new And(List.copyOf(keys));
    }

    /**
     * RFC 4731 §3.1: {@code RETURN ()} means {@code RETURN (ALL)}; so does a list of only CONTEXT, a hint (RFC 5267
     * §4.2). Each option at most once, and PARTIAL excludes ALL (RFC 9394 §3.1).
     */
    static Set<SearchReturn> returnOptions(CommandReader r, PartialRange[] partial) {
        r.expect('(');
        Set<SearchReturn> options = EnumSet.noneOf(SearchReturn.class);
        boolean first = true;
        while (!r.tryChar(')')) {
            if (!first) {
                r.sp();
            }
            first = false;
            String name = r.keyword();
            SearchReturn option = switch (name) {
                case "MIN" -> SearchReturn.MIN;
                case "MAX" -> SearchReturn.MAX;
                case "ALL" -> SearchReturn.ALL;
                case "COUNT" -> SearchReturn.COUNT;
                case "SAVE" -> SearchReturn.SAVE;
                case "UPDATE" -> SearchReturn.UPDATE;
                case "CONTEXT" -> SearchReturn.CONTEXT;
                case "PARTIAL" -> {
                    r.sp();
                    partial[0] = partialRange(r);
                    yield SearchReturn.PARTIAL;
                }
                default -> throw r.error("Unknown SEARCH return option " + name);
            };
            if (!options.add(option)) {
                throw r.error("SEARCH return option " + name + " given twice");
            }
        }
        if (options.contains(SearchReturn.PARTIAL) && options.contains(SearchReturn.ALL)) {
            throw r.error("PARTIAL and ALL exclude each other");
        }
        if (options.isEmpty() || options.equals(EnumSet.of(SearchReturn.CONTEXT))) {
            options.add(SearchReturn.ALL);
        }
        return options;
    }

    /** {@code n:m} or {@code -n:-m} with non-zero 32-bit numbers (RFC 9394 §4); no {@code *}. */
    static PartialRange partialRange(CommandReader r) {
        long first = signedNzNumber(r);
        r.expect(':');
        long last = signedNzNumber(r);
        if ((first < 0) != (last < 0)) {
            throw r.error("A PARTIAL range counts from the start or from the end, not both");
        }
        return new PartialRange(first, last);
    }

    private static final long MAX_NZ_NUMBER = 4_294_967_295L;

    private static long signedNzNumber(CommandReader r) {
        boolean negative = r.tryChar('-');
        if (!Character.isDigit(r.peek())) {
            throw r.error("Expected a PARTIAL range");
        }
        long n = r.nzNumber();
        if (n > MAX_NZ_NUMBER) {
            throw r.error("PARTIAL range out of range");
        }
        return negative ? -n : n;
    }

    private static SearchKey key(CommandReader r, int depth) {
        if (depth > MAX_DEPTH) {
            throw r.error("Search criteria nested too deeply");
        }
        if (r.tryChar('(')) {
            List<SearchKey> keys = new ArrayList<>();
            do {
                keys.add(key(r, depth + 1));
            } while (r.tryChar(' '));
            r.expect(')');
            return keys.size() == 1 ? keys.getFirst() : new And(List.copyOf(keys));
        }
        if (Character.isDigit(r.peek()) || r.peekIs('*') || r.peekIs('$')) {
            return new InSet(r.numSet(NumSet.Form.SEQUENCE));
        }
        String name = r.keyword();
        return switch (name) {
            case "ALL" -> new All();
            case "ANSWERED" -> new HasFlag("\\Answered");
            case "DELETED" -> new HasFlag("\\Deleted");
            case "DRAFT" -> new HasFlag("\\Draft");
            case "FLAGGED" -> new HasFlag("\\Flagged");
            case "SEEN" -> new HasFlag("\\Seen");
            case "UNANSWERED" -> new Not(new HasFlag("\\Answered"));
            case "UNDELETED" -> new Not(new HasFlag("\\Deleted"));
            case "UNDRAFT" -> new Not(new HasFlag("\\Draft"));
            case "UNFLAGGED" -> new Not(new HasFlag("\\Flagged"));
            case "UNSEEN" -> new Not(new HasFlag("\\Seen"));
            case "KEYWORD" -> new HasFlag(spAtom(r));
            case "UNKEYWORD" -> new Not(new HasFlag(spAtom(r)));
            case "RECENT" -> new Recent();
            case "NEW" -> new New();
            case "OLD" -> new Not(new Recent());
            case "BEFORE" -> new DateKey(DateField.INTERNAL, DateRelation.BEFORE, date(r));
            case "ON" -> new DateKey(DateField.INTERNAL, DateRelation.ON, date(r));
            case "SINCE" -> new DateKey(DateField.INTERNAL, DateRelation.SINCE, date(r));
            case "SENTBEFORE" -> new DateKey(DateField.SENT, DateRelation.BEFORE, date(r));
            case "SENTON" -> new DateKey(DateField.SENT, DateRelation.ON, date(r));
            case "SENTSINCE" -> new DateKey(DateField.SENT, DateRelation.SINCE, date(r));
            case "SAVEDBEFORE" -> new DateKey(DateField.SAVED, DateRelation.BEFORE, date(r));
            case "SAVEDON" -> new DateKey(DateField.SAVED, DateRelation.ON, date(r));
            case "SAVEDSINCE" -> new DateKey(DateField.SAVED, DateRelation.SINCE, date(r));
            // RFC 8514: matches every message of a mailbox that keeps save dates, and every mailbox here does
            case "SAVEDATESUPPORTED" -> new All();
            case "EMAILID" -> new ObjectIdKey(ObjectKind.EMAIL, spObjectId(r));
            case "THREADID" -> new ObjectIdKey(ObjectKind.THREAD, spObjectId(r));
            case "LARGER" -> new SizeKey(SizeRelation.LARGER, spNumber(r));
            case "SMALLER" -> new SizeKey(SizeRelation.SMALLER, spNumber(r));
            case "FROM", "TO", "CC", "BCC", "SUBJECT" -> new HeaderContains(name, spAstring(r));
            case "HEADER" -> {
                String field = spAstring(r);
                yield new HeaderContains(field, spAstring(r));
            }
            case "BODY" -> new TextContains(TextScope.BODY, spAstring(r));
            case "TEXT" -> new TextContains(TextScope.TEXT, spAstring(r));
            case "UID" -> {
                r.sp();
                yield new InSet(r.numSet(NumSet.Form.UID));
            }
            case "NOT" -> {
                r.sp();
                yield new Not(key(r, depth + 1));
            }
            case "OR" -> {
                r.sp();
                SearchKey left = key(r, depth + 1);
                r.sp();
                yield new Or(left, key(r, depth + 1));
            }
            case "MODSEQ" -> {
                r.sp();
                if (r.peekIs('"')) {   // optional entry-name and entry-type, which we do not distinguish
                    r.quoted();
                    r.sp();
                    r.atom();
                    r.sp();
                }
                yield new ModSeqKey(r.number());
            }
            default -> throw r.error("Unknown search key " + name);
        };
    }

    private static String spAtom(CommandReader r) {
        r.sp();
        return r.flag();
    }

    private static String spAstring(CommandReader r) {
        r.sp();
        return r.astring();
    }

    /** RFC 8474: {@code objectid = 1*255(ALPHA / DIGIT / "_" / "-")}. */
    private static String spObjectId(CommandReader r) {
        r.sp();
        String id = r.atom();
        if (id.length() > 255) {
            throw r.error("Object ids have at most 255 characters");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                throw r.error("Invalid object id");
            }
        }
        return id;
    }

    private static long spNumber(CommandReader r) {
        r.sp();
        return r.number();
    }

    private static LocalDate date(CommandReader r) {
        r.sp();
        String text = r.peekIs('"') ? r.quoted() : r.atom();
        try {
            return LocalDate.parse(text, DATE);
        } catch (DateTimeParseException e) {
            throw r.error("Bad date " + text);
        }
    }
}
