package dev.mailwright.imap.command;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.mailwright.imap.command.MessageCommand.Numbering;
import dev.mailwright.imap.command.MessageCommand.PartialRange;
import dev.mailwright.imap.command.MessageCommand.SearchReturn;
import dev.mailwright.imap.command.MessageCommand.Sort;
import dev.mailwright.imap.command.MessageCommand.SortCriterion;
import dev.mailwright.imap.command.MessageCommand.SortKey;
import dev.mailwright.imap.command.MessageCommand.SortOrder;
import dev.mailwright.imap.command.MessageCommand.ThreadAlgorithm;
import dev.mailwright.imap.command.MessageCommand.ThreadMessages;

/** SORT and THREAD (RFC 5256 §4, RFC 5957 §4); the search criteria are SEARCH's ({@link SearchParser#criteria}). */
final class SortParser {
    private SortParser() {
    }

    /**
     * {@code SORT [SP "RETURN" SP search-return-opts] SP sort-criteria SP charset 1*(SP search-key)}; the RETURN
     * options are ESORT's (RFC 5267 §3).
     */
    static Sort sort(String tag, Numbering numbering, CommandReader r) {
        r.sp();
        Optional<Set<SearchReturn>> returns = Optional.empty();
        PartialRange[] partial = {null};
        if (r.peekWord("RETURN")) {
            r.atom();
            r.sp();
            returns = Optional.of(SearchParser.returnOptions(r, partial));
            r.sp();
        }
        r.expect('(');
        List<SortCriterion> criteria = new ArrayList<>();
        Set<SortKey> seen = EnumSet.noneOf(SortKey.class);
        do {
            SortOrder order = SortOrder.ASCENDING;
            String word = r.keyword();
            if (word.equals("REVERSE")) {
                order = SortOrder.REVERSE;
                r.sp();
                word = r.keyword();
            }
            SortKey key = key(word, r);
            if (seen.add(key)) {
                criteria.add(new SortCriterion(key, order));
            }
        } while (r.tryChar(' '));
        r.expect(')');
        r.sp();
        String charset = r.astring();
        r.sp();
        return new Sort(tag, numbering, List.copyOf(criteria), charset, SearchParser.criteria(r), returns,
                Optional.ofNullable(partial[0]));
    }

    /** {@code THREAD SP thread-alg SP charset 1*(SP search-key)}. */
    static ThreadMessages thread(String tag, Numbering numbering, CommandReader r) {
        r.sp();
        String name = r.keyword();
        ThreadAlgorithm algorithm = switch (name) {
            case "ORDEREDSUBJECT" -> ThreadAlgorithm.ORDEREDSUBJECT;
            case "REFERENCES" -> ThreadAlgorithm.REFERENCES;
            default -> throw r.error("Unknown threading algorithm " + name);
        };
        r.sp();
        String charset = r.astring();
        r.sp();
        return new ThreadMessages(tag, numbering, algorithm, charset, SearchParser.criteria(r));
    }

    private static SortKey key(String word, CommandReader r) {
        return switch (word) {
            case "ARRIVAL" -> SortKey.ARRIVAL;
            case "CC" -> SortKey.CC;
            case "DATE" -> SortKey.DATE;
            case "FROM" -> SortKey.FROM;
            case "SIZE" -> SortKey.SIZE;
            case "SUBJECT" -> SortKey.SUBJECT;
            case "TO" -> SortKey.TO;
            case "DISPLAYFROM" -> SortKey.DISPLAYFROM;
            case "DISPLAYTO" -> SortKey.DISPLAYTO;
            default -> throw r.error("Unknown sort key " + word);
        };
    }
}
