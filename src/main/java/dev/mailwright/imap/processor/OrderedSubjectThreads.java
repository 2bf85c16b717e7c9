package dev.mailwright.imap.processor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

import dev.mailwright.imap.processor.SortProcessor.Keyed;
import dev.mailwright.imap.wire.ThreadForest;
import dev.mailwright.store.MessageSortKeys;

/**
 * THREAD=ORDEREDSUBJECT (RFC 5256 §3): messages sorted by base subject then sent date; each run of one base subject
 * is a thread whose first message is the parent of all the others; threads ordered by their first message's date.
 * Ties go by sequence number.
 */
final class OrderedSubjectThreads {
    private OrderedSubjectThreads() {
    }

    static ThreadForest build(List<Keyed<MessageSortKeys>> rows, ToLongFunction<Keyed<MessageSortKeys>> number) {
        Comparator<Keyed<MessageSortKeys>> byDate = Comparator
                .comparing((Keyed<MessageSortKeys> k) -> k.keys().sentDate())
                .thenComparingInt(Keyed::msn);
        List<Keyed<MessageSortKeys>> sorted = new ArrayList<>(rows);
        sorted.sort(((Comparator<Keyed<MessageSortKeys>>) (a, b) ->
                SortProcessor.compareOctets(a.keys().baseSubject(), b.keys().baseSubject())).thenComparing(byDate));
        List<List<Keyed<MessageSortKeys>>> threads = new ArrayList<>();
        for (Keyed<MessageSortKeys> row : sorted) {
            List<Keyed<MessageSortKeys>> last = threads.isEmpty() ? null : threads.getLast();
            if (last != null && last.getFirst().keys().baseSubject().equals(row.keys().baseSubject())) {
                last.add(row);
            } else {
                List<Keyed<MessageSortKeys>> thread = new ArrayList<>();
                thread.add(row);
                threads.add(thread);
            }
        }
        threads.sort(Comparator.comparing(List::getFirst, byDate));
        ThreadForest forest = new ThreadForest();
        for (List<Keyed<MessageSortKeys>> thread : threads) {
            int root = forest.node(number.applyAsLong(thread.getFirst()));
            forest.addRoot(root);
            for (int i = 1; i < thread.size(); i++) {
                forest.addChild(root, forest.node(number.applyAsLong(thread.get(i))));
            }
        }
        return forest;
    }
}
