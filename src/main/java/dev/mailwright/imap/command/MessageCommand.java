package dev.mailwright.imap.command;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Valid only while a mailbox is selected. */
public sealed interface MessageCommand extends ImapCommand {

    /** {@code vanished}: the VANISHED modifier of UID FETCH (RFC 7162 §3.2.6), only with CHANGEDSINCE. */
    record Fetch(String tag, NumSet messages, List<FetchItem> items, Optional<Long> changedSince, Vanished vanished)
            implements MessageCommand {
        public Fetch(String tag, NumSet messages, List<FetchItem> items, Optional<Long> changedSince) {
            this(tag, messages, items, changedSince, Vanished.OMIT);
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

    /** {@code returns}: the RETURN options of ESEARCH (RFC 4731); empty for a classic SEARCH answer. */
    record Search(String tag, Numbering numbering, Optional<String> charset, SearchKey key,
                  Optional<Set<SearchReturn>> returns) implements MessageCommand {
        public Search(String tag, Numbering numbering, Optional<String> charset, SearchKey key) {
            this(tag, numbering, charset, key, Optional.empty());
        }
    }

    enum SearchReturn { MIN, MAX, ALL, COUNT }

    /** SORT and UID SORT (RFC 5256 §3, RFC 5957 §3); {@code charset} is mandatory in SORT. */
    record Sort(String tag, Numbering numbering, List<SortCriterion> criteria, String charset, SearchKey key)
            implements MessageCommand {
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

    /** EXPUNGE, or UID EXPUNGE (RFC 4315) when {@code uids} is present. */
    record Expunge(String tag, Optional<NumSet.Uids> uids) implements MessageCommand {
    }

    record Check(String tag) implements MessageCommand {
    }

    record Close(String tag) implements MessageCommand {
    }

    record Unselect(String tag) implements MessageCommand {
    }
}
