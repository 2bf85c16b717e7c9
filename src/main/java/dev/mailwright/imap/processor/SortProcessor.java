package dev.mailwright.imap.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.mailwright.imap.command.MessageCommand.Numbering;
import dev.mailwright.imap.command.MessageCommand.SearchReturn;
import dev.mailwright.imap.command.MessageCommand.Sort;
import dev.mailwright.imap.command.MessageCommand.SortCriterion;
import dev.mailwright.imap.command.SearchKey;
import dev.mailwright.imap.processor.SearchAnswer.Hit;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SearchResults;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageSortKeys;

/**
 * SORT and UID SORT (RFC 5256 §3, DISPLAYFROM/DISPLAYTO of RFC 5957): the messages SEARCH would find, ordered by the
 * keys the store computed at ingest, in memory. Ties, after every criterion, go by sequence number (RFC 5256 §3).
 */
final class SortProcessor {
    private final MailStore store;
    private final SearchProcessor searches;

    SortProcessor(MailStore store, SearchProcessor searches) {
        this.store = store;
        this.searches = searches;
    }

    Outcome sort(Sort command, ImapState.Selected state, SessionContext ctx) throws IOException {
        command.returns().ifPresent(returns -> SearchProcessor.refuseTagInUse(command.tag(), returns, state.mailbox()));
        List<Keyed<MessageSortKeys>> rows = sorted(command, state, ctx);
        List<Long> numbers = new ArrayList<>(rows.size());
        long highestModseq = 0;
        for (Keyed<MessageSortKeys> row : rows) {
            numbers.add(command.numbering() == Numbering.UID ? row.keys().uid() : row.msn());
            highestModseq = Math.max(highestModseq, row.modseq());
        }
        Optional<Long> modseq = SearchProcessor.usesModSeq(command.key()) && !rows.isEmpty()
                ? Optional.of(highestModseq) : Optional.empty();
        String done = (command.numbering() == Numbering.UID ? "UID " : "") + "SORT completed";
        if (command.returns().isPresent()) {
            return extendedSort(command, command.returns().get(), rows, state, ctx, done);
        }
        ctx.send(new ImapResponse.SortResult(numbers, modseq));
        return Outcome.ok(state, done);
    }

    /** The rows of the messages that match, in the command's order. */
    private List<Keyed<MessageSortKeys>> sorted(Sort command, ImapState.Selected state, SessionContext ctx)
            throws IOException {
        List<Keyed<MessageSortKeys>> rows = matchingRows(searches, store::forEachSortKeys, MessageSortKeys::uid,
                Optional.of(command.charset()), command.key(), state, ctx);
        return SortRanks.sorted(rows, command.criteria());
    }

    /**
     * ESORT (RFC 5267 §3): the RETURN options answered as ESEARCH, in sort order: MIN and MAX are the first and last
     * message of the sorted result, ALL lists the result in its order, PARTIAL is a window of its positions, and SAVE
     * keeps the matches for {@code $} (RFC 5182 §2.4). UPDATE (CONTEXT=SORT, RFC 5267 §4.3) keeps the sorted result
     * and reports its changes with their positions in sort order.
     */
    private Outcome extendedSort(Sort command, Set<SearchReturn> returns, List<Keyed<MessageSortKeys>> rows,
                                 ImapState.Selected state, SessionContext ctx, String done) throws IOException {
        List<Hit> sorted = new ArrayList<>(rows.size());
        for (Keyed<MessageSortKeys> row : rows) {
            sorted.add(new Hit(row.keys().uid(), row.msn(), row.modseq()));
        }
        SearchAnswer.ModSeqReply modseq = SearchProcessor.usesModSeq(command.key())
                ? SearchAnswer.ModSeqReply.INCLUDE : SearchAnswer.ModSeqReply.OMIT;
        if (SearchAnswer.answers(returns)) {
            ctx.send(SearchAnswer.extended(command.tag(), command.numbering(), command.partial(), returns, sorted,
                    modseq, SearchAnswer.Order.AS_GIVEN));
        }
        if (returns.contains(SearchReturn.SAVE)) {
            state.mailbox().searchResults().save(SearchAnswer.saved(command.partial(), returns, sorted));
        }
        if (returns.contains(SearchReturn.UPDATE)) {
            SearchResults.Sorter sorter = () -> {
                try {
                    return sorted(command, state, ctx).stream().map(row -> row.keys().uid()).toList();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            return searches.keepUpdated(command.tag(), command.numbering(), command.key(),
                    sorted.stream().map(Hit::uid).toList(), Optional.of(sorter), done, state, ctx);
        }
        return Outcome.ok(state, done);
    }

    /** A message's stored keys with its sequence number in the session and its modseq. */
    record Keyed<K>(K keys, int msn, long modseq) {
    }

    /** A store stream of rows of one mailbox, in UID order. */
    interface RowStream<K> {
        void forEach(dev.mailwright.store.MailboxId mailbox, Consumer<K> sink);
    }

    /**
     * The stored rows of the messages that match {@code key} (SEARCH's own evaluation), with their sequence numbers:
     * the search's UIDs and the store's rows both ascend, so one merge pass joins them.
     */
    static <K> List<Keyed<K>> matchingRows(SearchProcessor searches, RowStream<K> rows,
                                           java.util.function.ToLongFunction<K> uidOf, Optional<String> charset,
                                           SearchKey key, ImapState.Selected state, SessionContext ctx)
            throws IOException {
        if (key instanceof SearchKey.All) {
            // ALL, what clients send most: every message the session knows, no search pass (same answer, one query less)
            SearchProcessor.requireKnownCharset(charset);
            List<Keyed<K>> all = new ArrayList<>(state.mailbox().numbers().size());
            rows.forEach(state.mailbox().id(), row -> {
                int msn = state.mailbox().numbers().msnOf(uidOf.applyAsLong(row));
                if (msn > 0) {
                    all.add(new Keyed<>(row, msn, 0));
                }
            });
            return all;
        }
        List<Hit> matches = searches.matching(charset, key, state, ctx);
        List<Keyed<K>> out = new ArrayList<>(matches.size());
        if (matches.isEmpty()) {
            return out;
        }
        int[] next = {0};
        rows.forEach(state.mailbox().id(), row -> {
            long uid = uidOf.applyAsLong(row);
            while (next[0] < matches.size() && matches.get(next[0]).uid() < uid) {
                next[0]++;
            }
            if (next[0] < matches.size() && matches.get(next[0]).uid() == uid) {
                out.add(new Keyed<>(row, matches.get(next[0]).msn(), matches.get(next[0]).modseq()));
                next[0]++;
            }
        });
        return out;
    }

    static Comparator<Keyed<MessageSortKeys>> order(List<SortCriterion> criteria) {
        Comparator<Keyed<MessageSortKeys>> order = null;
        for (SortCriterion criterion : criteria) {
            Comparator<Keyed<MessageSortKeys>> one = switch (criterion.key()) {
                case ARRIVAL -> Comparator.comparing(k -> k.keys().internalDate());
                case DATE -> Comparator.comparing(k -> k.keys().sentDate());
                case SIZE -> Comparator.comparingLong(k -> k.keys().size());
                case SUBJECT -> (a, b) -> compareOctets(a.keys().baseSubject(), b.keys().baseSubject());
                case FROM -> (a, b) -> compareOctets(a.keys().fromMailbox(), b.keys().fromMailbox());
                case TO -> (a, b) -> compareOctets(a.keys().toMailbox(), b.keys().toMailbox());
                case CC -> (a, b) -> compareOctets(a.keys().ccMailbox(), b.keys().ccMailbox());
                case DISPLAYFROM -> (a, b) -> compareOctets(a.keys().displayFrom(), b.keys().displayFrom());
                case DISPLAYTO -> (a, b) -> compareOctets(a.keys().displayTo(), b.keys().displayTo());
            };
            one = switch (criterion.order()) {
                case ASCENDING -> one;
                case REVERSE -> one.reversed();
            };
            order = order == null ? one : order.thenComparing(one);
        }
        Comparator<Keyed<MessageSortKeys>> bySequence = Comparator.comparingInt(Keyed::msn);
        return order == null ? bySequence : order.thenComparing(bySequence);
    }

    /**
     * i;ascii-casemap compares the octets of the (already case-mapped) UTF-8 strings, which is code point order:
     * UTF-16 order differs only where surrogates meet U+E000..U+FFFF, so those are moved apart.
     */
    static int compareOctets(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return codePointOrder(x) - codePointOrder(y);
            }
        }
        return a.length() - b.length();
    }

    private static int codePointOrder(char c) {
        if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
            return c + 0x2000;
        }
        return c >= 0xE000 ? c - 0x800 : c;
    }
}
