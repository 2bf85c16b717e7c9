package dev.mailwright.imap.processor;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.mailwright.imap.command.MessageCommand.Numbering;
import dev.mailwright.imap.command.MessageCommand.PartialRange;
import dev.mailwright.imap.command.MessageCommand.Search;
import dev.mailwright.imap.command.MessageCommand.SearchReturn;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.store.UidSet;

/**
 * What a SEARCH with RETURN options answers (ESEARCH, RFC 4731; PARTIAL, RFC 5267 §4.4 and RFC 9394 §3.1) and which
 * of its matches SAVE keeps for {@code $} (RFC 5182 §2.4, RFC 9394 §3.2). {@code found} is in mailbox order.
 */
final class SearchAnswer {

    /** One matching message: its UID, its sequence number, its modseq. */
    record Hit(long uid, int msn, long modseq) {
    }

    enum ModSeqReply { INCLUDE, OMIT }

    /**
     * How ALL and PARTIAL list their numbers: SEARCH's matches ascend, ESORT's keep the sort order (RFC 5267 §3.2),
     * so only ascending runs of consecutive numbers may become ranges.
     */
    enum Order { ASCENDING, AS_GIVEN }

    private SearchAnswer() {
    }

    /** Whether the options ask for an ESEARCH response at all: SAVE alone suppresses it (RFC 5182 §2.1). */
    static boolean answers(Set<SearchReturn> returns) {
        Set<SearchReturn> asked = EnumSet.copyOf(returns);
        asked.remove(SearchReturn.CONTEXT);
        return !asked.equals(EnumSet.of(SearchReturn.SAVE));
    }

    /** The results in the PARTIAL window: positions counted from 1, or from the end when negative (RFC 9394 §3.1). */
    static <T> List<T> partial(List<T> found, PartialRange range) {
        long from = range.firstIndex(found.size());
        long to = range.lastIndex(found.size());
        return from > to ? List.of() : found.subList((int) from, (int) to + 1);
    }

    /**
     * The matches {@code $} names after SAVE: all of them with ALL or COUNT (or SAVE alone), otherwise only those the
     * answer names (MIN, MAX, the PARTIAL window).
     */
    static UidSet saved(Search command, Set<SearchReturn> returns, List<Hit> found) {
        return saved(command.partial(), returns, found);
    }

    static UidSet saved(Optional<PartialRange> partial, Set<SearchReturn> returns, List<Hit> found) {
        if (returns.contains(SearchReturn.ALL) || returns.contains(SearchReturn.COUNT)
                || !(returns.contains(SearchReturn.MIN) || returns.contains(SearchReturn.MAX)
                || returns.contains(SearchReturn.PARTIAL))) {
            return UidSet.of(found.stream().map(Hit::uid).toList());
        }
        return UidSet.of(named(partial, returns, found).stream().map(Hit::uid).toList());
    }

    private static List<Hit> named(Optional<PartialRange> partial, Set<SearchReturn> returns, List<Hit> found) {
        Set<Hit> named = new LinkedHashSet<>();
        if (!found.isEmpty()) {
            if (returns.contains(SearchReturn.MIN)) {
                named.add(found.getFirst());
            }
            if (returns.contains(SearchReturn.MAX)) {
                named.add(found.getLast());
            }
        }
        partial.ifPresent(range -> named.addAll(partial(found, range)));
        return List.copyOf(named);
    }

    /** RFC 4731 §3.2; with RFC 7162 §3.1.5 the MODSEQ is of the messages the answer names (only MIN/MAX: just those). */
    static ImapResponse.ExtendedSearch extended(Search command, Set<SearchReturn> returns, List<Hit> found,
                                                ModSeqReply modseq) {
        return extended(command.tag(), command.numbering(), command.partial(), returns, found, modseq, Order.ASCENDING);
    }

    /** {@code found} in the order the answer reports: ascending for SEARCH, sort order for ESORT. */
    static ImapResponse.ExtendedSearch extended(String tag, Numbering numbering, Optional<PartialRange> partial,
                                                Set<SearchReturn> returns, List<Hit> found, ModSeqReply modseq,
                                                Order order) {
        List<ImapResponse.SearchData> data = new ArrayList<>();
        if (!found.isEmpty()) {
            if (returns.contains(SearchReturn.MIN)) {
                data.add(new ImapResponse.SearchData("MIN", Long.toString(number(numbering, found.getFirst()))));
            }
            if (returns.contains(SearchReturn.MAX)) {
                data.add(new ImapResponse.SearchData("MAX", Long.toString(number(numbering, found.getLast()))));
            }
        }
        if (returns.contains(SearchReturn.COUNT)) {
            data.add(new ImapResponse.SearchData("COUNT", Long.toString(found.size())));
        }
        if (!found.isEmpty() && returns.contains(SearchReturn.ALL)) {
            data.add(new ImapResponse.SearchData("ALL", numbers(numbering, found, order)));
        }
        if (partial.isPresent()) {
            List<Hit> window = partial(found, partial.get());
            data.add(new ImapResponse.SearchData("PARTIAL",
                    "(" + partial.get().toImapString() + " " + (window.isEmpty() ? "NIL" : numbers(numbering, window, order)) + ")"));
        }
        List<Hit> named = returns.contains(SearchReturn.ALL) || returns.contains(SearchReturn.COUNT)
                ? found : named(partial, returns, found);
        if (modseq == ModSeqReply.INCLUDE) {
            named.stream().map(Hit::modseq).max(Long::compare)
                    .ifPresent(m -> data.add(new ImapResponse.SearchData("MODSEQ", Long.toString(m))));
        }
        ImapResponse.ExtendedSearch.Numbering reported = switch (numbering) {
            case SEQUENCE -> ImapResponse.ExtendedSearch.Numbering.SEQUENCE;
            case UID -> ImapResponse.ExtendedSearch.Numbering.UID;
        };
        return new ImapResponse.ExtendedSearch(tag, reported, data);
    }

    static long number(Search command, Hit hit) {
        return number(command.numbering(), hit);
    }

    private static long number(Numbering numbering, Hit hit) {
        return switch (numbering) {
            case SEQUENCE -> hit.msn();
            case UID -> hit.uid();
        };
    }

    private static String numbers(Numbering numbering, List<Hit> hits, Order order) {
        List<Long> numbers = hits.stream().map(h -> number(numbering, h)).toList();
        if (order == Order.ASCENDING) {
            return UidSet.of(numbers).toImapString();
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < numbers.size()) {
            int j = i;
            while (j + 1 < numbers.size() && numbers.get(j + 1) == numbers.get(j) + 1) {
                j++;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(numbers.get(i));
            if (j > i) {
                out.append(':').append(numbers.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }
}
