package dev.mailwright.imap.command;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Valid only while a mailbox is selected. */
public sealed interface MessageCommand extends ImapCommand {

    /**
     * {@code vanished}: the VANISHED modifier of UID FETCH (RFC 7162 §3.2.6), only with CHANGEDSINCE. {@code partial}:
     * the PARTIAL modifier of UID FETCH (RFC 9394 §3.3), a window of the messages the command would return.
     */
    record Fetch(String tag, NumSet messages, List<FetchItem> items, Optional<Long> changedSince, Vanished vanished,
                 Optional<PartialRange> partial) implements MessageCommand {
        public Fetch(String tag, NumSet messages, List<FetchItem> items, Optional<Long> changedSince) {
            this(tag, messages, items, changedSince, Vanished.OMIT);
        }

        public Fetch(String tag, NumSet messages, List<FetchItem> items, Optional<Long> changedSince, Vanished vanished) {
            this(tag, messages, items, changedSince, vanished, Optional.empty());
        }
    }

    enum Vanished { REPORT, OMIT }

    enum StoreOperation { REPLACE, ADD, REMOVE }

    enum StoreReply { REPORT, SILENT }

    record Store(String tag, NumSet messages, Optional<Long> unchangedSince, StoreOperation operation, StoreReply reply,
                 List<String> flags) implements MessageCommand {
    }

    /** How the SEARCH answer numbers messages: sequence numbers, or UIDs for UID SEARCH. */
    enum Numbering { SEQUENCE, UID }

    /**
     * {@code returns}: the RETURN options of ESEARCH (RFC 4731), SEARCHRES (RFC 5182) and CONTEXT=SEARCH (RFC 5267);
     * empty for a classic SEARCH answer. {@code partial}: the range of the PARTIAL option, present exactly when
     * {@code returns} holds {@link SearchReturn#PARTIAL}.
     */
    record Search(String tag, Numbering numbering, Optional<String> charset, SearchKey key,
                  Optional<Set<SearchReturn>> returns, Optional<PartialRange> partial) implements MessageCommand {
        public Search(String tag, Numbering numbering, Optional<String> charset, SearchKey key) {
            this(tag, numbering, charset, key, Optional.empty(), Optional.empty());
        }

        public Search(String tag, Numbering numbering, Optional<String> charset, SearchKey key,
                      Optional<Set<SearchReturn>> returns) {
            this(tag, numbering, charset, key, returns, Optional.empty());
        }
    }

    enum SearchReturn { MIN, MAX, ALL, COUNT, SAVE, UPDATE, CONTEXT, PARTIAL }

    /**
     * The range of {@code PARTIAL first:last} (RFC 5267 §4.4, RFC 9394 §3.1), as written: positions in the result
     * list counted from 1, or from the end when both are negative (-1 is the last result).
     */
    record PartialRange(long first, long last) {
        public PartialRange {
            if (first == 0 || last == 0 || (first < 0) != (last < 0)) {
                throw new IllegalArgumentException("PARTIAL range needs two non-zero numbers of the same sign");
            }
        }

        public boolean fromEnd() {
            return first < 0;
        }

        /** The zero-based index of the first result the range names in a list of {@code size}, at least 0. */
        public long firstIndex(long size) {
            long lo = Math.min(Math.abs(first), Math.abs(last));
            long hi = Math.max(Math.abs(first), Math.abs(last));
            return Math.max(0, fromEnd() ? size - hi : lo - 1);
        }

        /** The zero-based index of the last result it names, at most {@code size - 1}; below the first when none. */
        public long lastIndex(long size) {
            long lo = Math.min(Math.abs(first), Math.abs(last));
            long hi = Math.max(Math.abs(first), Math.abs(last));
            return Math.min(size - 1, fromEnd() ? size - lo : hi - 1);
        }

        /** The range as the ESEARCH answer repeats it. */
        public String toImapString() {
            return first + ":" + last;
        }
    }

    /** CANCELUPDATE (RFC 5267 §4.3.5): the tags of the searches whose updates stop. */
    record CancelUpdate(String tag, List<String> searchTags) implements MessageCommand {
        public CancelUpdate {
            searchTags = List.copyOf(searchTags);
        }
    }

    /** SORT and UID SORT (RFC 5256 §3, RFC 5957 §3); {@code charset} is mandatory in SORT. */
    /** {@code returns}: ESORT's RETURN options (RFC 5267 §3), absent for a plain SORT. */
    record Sort(String tag, Numbering numbering, List<SortCriterion> criteria, String charset, SearchKey key,
                Optional<Set<SearchReturn>> returns, Optional<PartialRange> partial) implements MessageCommand {
        public Sort(String tag, Numbering numbering, List<SortCriterion> criteria, String charset, SearchKey key) {
            this(tag, numbering, criteria, charset, key, Optional.empty(), Optional.empty());
        }
    }

    /** One sort criterion; a key appears at most once (a repeated key could never decide anything). */
    record SortCriterion(SortKey key, SortOrder order) {
    }

    enum SortKey { ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, DISPLAYFROM, DISPLAYTO }

    enum SortOrder { ASCENDING, REVERSE }

    /** THREAD and UID THREAD (RFC 5256 §3). */
    record ThreadMessages(String tag, Numbering numbering, ThreadAlgorithm algorithm, String charset, SearchKey key)
            implements MessageCommand {
    }

    enum ThreadAlgorithm { ORDEREDSUBJECT, REFERENCES }

    record Copy(String tag, NumSet messages, String target) implements MessageCommand {
    }

    record Move(String tag, NumSet messages, String target) implements MessageCommand {
    }

    /** EXPUNGE, or UID EXPUNGE (RFC 4315) when {@code uids} is present (UIDs, or {@code $}). */
    record Expunge(String tag, Optional<NumSet> uids) implements MessageCommand {
    }

    record Check(String tag) implements MessageCommand {
    }

    record Close(String tag) implements MessageCommand {
    }

    record Unselect(String tag) implements MessageCommand {
    }
}
