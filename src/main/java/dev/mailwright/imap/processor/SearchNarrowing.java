package dev.mailwright.imap.processor;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.mailwright.imap.command.SearchKey;
import dev.mailwright.imap.command.SearchKey.And;
import dev.mailwright.imap.command.SearchKey.HeaderContains;
import dev.mailwright.imap.command.SearchKey.Not;
import dev.mailwright.imap.command.SearchKey.Or;
import dev.mailwright.imap.command.SearchKey.TextContains;
import dev.mailwright.imap.command.SearchKey.TextScope;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxId;

/**
 * What the store's search index says about a SEARCH's text keys: for each BODY/TEXT key the UIDs whose search
 * column contains the string (exact), for each TEXT and header key the UIDs whose header the index may match
 * (a superset, or exactly the matches where the index keeps the field on its own: FROM, TO, CC, BCC, SUBJECT), and
 * from these the UIDs the whole key can match at all, so that only those are read and decided (RFC 3501 §6.4.4:
 * substring matches; the index narrows, the header read from the message decides where the index cannot).
 */
final class SearchNarrowing {
    private final Map<TextContains, Set<Long>> columnHits = new HashMap<>();
    private final Map<SearchKey, Optional<Set<Long>>> headerCandidates = new HashMap<>();
    /**
     * Header keys the index answered field by field (it keeps their field separately): the UIDs among the candidates
     * whose header must still be read; every other candidate matches.
     */
    private final Map<HeaderContains, Set<Long>> undecidedByHeaderKey = new HashMap<>();

    SearchNarrowing(MailStore store, MailboxId mailbox, SearchKey key) {
        collect(store, mailbox, key);
    }

    private void collect(MailStore store, MailboxId mailbox, SearchKey key) {
        switch (key) {
            case And a -> a.keys().forEach(k -> collect(store, mailbox, k));
            case Or o -> {
                collect(store, mailbox, o.left());
                collect(store, mailbox, o.right());
            }
            case Not n -> collect(store, mailbox, n.key());
            case TextContains t -> {
                if (!columnHits.containsKey(t)) {
                    MailStore.SearchField field = t.scope() == TextScope.BODY ? MailStore.SearchField.BODY : MailStore.SearchField.TEXT;
                    columnHits.put(t, new HashSet<>(store.searchText(mailbox, field, t.value())));
                    // TEXT: the header may hold it; BODY: whether the column's header fields may (else a hit is the body's)
                    headerCandidates.put(t, store.searchCandidates(mailbox, MailStore.SearchField.HEADERS, t.value()));
                }
            }
            case HeaderContains h -> {
                if (!headerCandidates.containsKey(h)) {
                    Optional<MailStore.FieldHits> hits = h.value().isEmpty()
                            ? Optional.empty()
                            : store.searchField(mailbox, h.field(), h.value());
                    headerCandidates.put(h, hits.map(MailStore.FieldHits::uids));
                    hits.ifPresent(fieldHits -> undecidedByHeaderKey.put(h, fieldHits.undecided()));
                }
            }
            default -> {
            }
        }
    }

    /** UIDs whose search column (decoded text parts and address and subject fields) contains the key's string. */
    boolean columnHit(TextContains key, long uid) {
        return columnHits.getOrDefault(key, Set.of()).contains(uid);
    }

    /** Whether the index leaves {@code uid} a candidate for the key's header match (true when it cannot tell). */
    boolean headerCandidate(SearchKey key, long uid) {
        return headerCandidates.getOrDefault(key, Optional.empty()).map(uids -> uids.contains(uid)).orElse(true);
    }

    /**
     * Whether the header key matches {@code uid} as far as the index decides it alone: TRUE or FALSE when the index
     * answered the key exactly or rules the message out, else null (the header must be read).
     */
    Boolean headerDecided(HeaderContains key, long uid) {
        if (!headerCandidate(key, uid)) {
            return Boolean.FALSE;
        }
        Set<Long> undecided = undecidedByHeaderKey.get(key);
        return undecided == null || undecided.contains(uid) ? null : Boolean.TRUE;
    }

    /** The UIDs {@code key} can match at all, or empty when every message must be considered. */
    Optional<Set<Long>> candidates(SearchKey key) {
        return switch (key) {
            case TextContains t when t.scope() == TextScope.BODY -> Optional.of(columnHits.get(t));
            case TextContains t -> headerCandidates.get(t).map(header -> union(List.of(columnHits.get(t), header)));
            case HeaderContains h -> headerCandidates.get(h);
            case And a -> {
                Set<Long> narrowed = null;
                for (SearchKey k : a.keys()) {
                    Optional<Set<Long>> c = candidates(k);
                    if (c.isPresent()) {
                        if (narrowed == null) {
                            narrowed = new HashSet<>(c.get());
                        } else {
                            narrowed.retainAll(c.get());
                        }
                    }
                }
                yield Optional.ofNullable(narrowed);
            }
            case Or o -> {
                Optional<Set<Long>> left = candidates(o.left());
                Optional<Set<Long>> right = candidates(o.right());
                yield left.isPresent() && right.isPresent() ? Optional.of(union(List.of(left.get(), right.get()))) : Optional.empty();
            }
            default -> Optional.empty();
        };
    }

    private static Set<Long> union(List<Set<Long>> sets) {
        Set<Long> all = new HashSet<>();
        sets.forEach(all::addAll);
        return all;
    }
}
