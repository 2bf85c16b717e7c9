package dev.mailwright.imap.processor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.mailwright.imap.command.MessageCommand.SortCriterion;
import dev.mailwright.imap.command.MessageCommand.SortKey;
import dev.mailwright.imap.command.MessageCommand.SortOrder;
import dev.mailwright.imap.processor.SortProcessor.Keyed;
import dev.mailwright.store.MessageSortKeys;

/**
 * SORT's order made cheap for big mailboxes: each criterion's values are ranked once (distinct values only, a few
 * hundred senders for 100,000 messages, compared with {@link SortProcessor#compareOctets} or the dates' and sizes'
 * natural order; REVERSE inverts the rank), and the ranks of all criteria plus the position in sequence-number
 * order are packed into one {@code long} per message, which a primitive sort orders. Equal values get equal ranks,
 * so the order, ties by sequence number included (RFC 5256 §3), is exactly {@link SortProcessor#order}'s; when the
 * first key is not an address key, the ranks do not fit in 63 bits, or the rows are not in sequence-number order,
 * that comparator is used instead.
 */
final class SortRanks {
    /**
     * Where ranking pays (measured on 100,000 rows): address and display-name keys, few distinct values with long
     * equal prefixes, which the comparator compares character by character again and again. Dates, sizes and
     * subjects mostly follow arrival, which TimSort orders almost for free, so they keep the comparator.
     */
    private static final java.util.Set<SortKey> ADDRESS_KEYS =
            java.util.EnumSet.of(SortKey.FROM, SortKey.TO, SortKey.CC, SortKey.DISPLAYFROM, SortKey.DISPLAYTO);

    private SortRanks() {
    }

    static List<Keyed<MessageSortKeys>> sorted(List<Keyed<MessageSortKeys>> rows, List<SortCriterion> criteria) {
        int n = rows.size();
        if (criteria.isEmpty() || !ADDRESS_KEYS.contains(criteria.getFirst().key()) || !ascendingBySequence(rows)) {
            return comparatorSorted(rows, criteria);
        }
        int[][] ranks = new int[criteria.size()][];
        int[] bits = new int[criteria.size()];
        int total = bitsFor(n);
        for (int c = 0; c < criteria.size(); c++) {
            int[] distinct = new int[1];
            ranks[c] = rank(rows, criteria.get(c), distinct);
            bits[c] = bitsFor(distinct[0]);
            total += bits[c];
        }
        if (total > 63) {
            return comparatorSorted(rows, criteria);
        }
        int indexBits = bitsFor(n);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long key = 0;
            for (int c = 0; c < ranks.length; c++) {
                key = (key << bits[c]) | ranks[c][i];
            }
            keys[i] = (key << indexBits) | i;
        }
        Arrays.sort(keys);
        long mask = (1L << indexBits) - 1;
        List<Keyed<MessageSortKeys>> out = new ArrayList<>(n);
        for (long key : keys) {
            out.add(rows.get((int) (key & mask)));
        }
        return out;
    }

    private static List<Keyed<MessageSortKeys>> comparatorSorted(List<Keyed<MessageSortKeys>> rows,
                                                                 List<SortCriterion> criteria) {
        List<Keyed<MessageSortKeys>> out = new ArrayList<>(rows);
        out.sort(SortProcessor.order(criteria));
        return out;
    }

    private static boolean ascendingBySequence(List<Keyed<MessageSortKeys>> rows) {
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).msn() <= rows.get(i - 1).msn()) {
                return false;
            }
        }
        return true;
    }

    /** Bits to hold the numbers 0 .. count-1 (at least one). */
    private static int bitsFor(int count) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, count - 1)));
    }

    /** Each row's rank under {@code criterion} (0 = first); {@code distinct[0]} receives the number of ranks. */
    private static int[] rank(List<Keyed<MessageSortKeys>> rows, SortCriterion criterion, int[] distinct) {
        return switch (criterion.key()) {
            case ARRIVAL -> SortRanks.<java.time.Instant>rank(rows, MessageSortKeys::internalDate,
                    Comparator.naturalOrder(), criterion.order(), distinct);
            case DATE -> SortRanks.<java.time.Instant>rank(rows, MessageSortKeys::sentDate, Comparator.naturalOrder(),
                    criterion.order(), distinct);
            case SIZE -> SortRanks.<Long>rank(rows, MessageSortKeys::size, Comparator.naturalOrder(), criterion.order(),
                    distinct);
            case SUBJECT -> rank(rows, MessageSortKeys::baseSubject, SortProcessor::compareOctets, criterion.order(), distinct);
            case FROM -> rank(rows, MessageSortKeys::fromMailbox, SortProcessor::compareOctets, criterion.order(), distinct);
            case TO -> rank(rows, MessageSortKeys::toMailbox, SortProcessor::compareOctets, criterion.order(), distinct);
            case CC -> rank(rows, MessageSortKeys::ccMailbox, SortProcessor::compareOctets, criterion.order(), distinct);
            case DISPLAYFROM -> rank(rows, MessageSortKeys::displayFrom, SortProcessor::compareOctets, criterion.order(), distinct);
            case DISPLAYTO -> rank(rows, MessageSortKeys::displayTo, SortProcessor::compareOctets, criterion.order(), distinct);
        };
    }

    private static <V> int[] rank(List<Keyed<MessageSortKeys>> rows, Function<MessageSortKeys, V> valueOf,
                                  Comparator<V> order, SortOrder direction, int[] distinct) {
        Map<V, Integer> ids = new HashMap<>();
        List<V> values = new ArrayList<>();
        int[] idOfRow = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            V value = valueOf.apply(rows.get(i).keys());
            Integer id = ids.get(value);
            if (id == null) {
                id = values.size();
                ids.put(value, id);
                values.add(value);
            }
            idOfRow[i] = id;
        }
        Integer[] byValue = new Integer[values.size()];
        for (int i = 0; i < byValue.length; i++) {
            byValue[i] = i;
        }
        Arrays.sort(byValue, (a, b) -> order.compare(values.get(a), values.get(b)));
        int[] rankOfId = new int[values.size()];
        int rank = -1;
        for (int i = 0; i < byValue.length; i++) {
            if (i == 0 || order.compare(values.get(byValue[i - 1]), values.get(byValue[i])) != 0) {
                rank++;
            }
            rankOfId[byValue[i]] = rank;
        }
        int ranks = rank + 1;
        distinct[0] = ranks;
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            int r = rankOfId[idOfRow[i]];
            out[i] = direction == SortOrder.REVERSE ? ranks - 1 - r : r;
        }
        return out;
    }
}
