package dev.mailwright.imap.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.mailwright.imap.command.NumSet;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.store.UidRange;
import dev.mailwright.store.UidSet;

/**
 * What a session keeps of its searches in the selected mailbox: the saved result that {@code $} names (RFC 5182) and
 * the searches whose results it keeps up to date (RFC 5267 §4.3, {@code RETURN (UPDATE)}). Both hold UIDs and live
 * exactly as long as the selection, so SELECT, EXAMINE, CLOSE and UNSELECT forget them. Not thread-safe: only the
 * session's thread or its IDLE writer (never both at once) touches it.
 */
public final class SearchResults {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SearchResults.class);

    /** Re-runs a kept search: the UIDs that match, among {@code among} or among all announced messages when empty. */
    @FunctionalInterface
    public interface Matcher {
        Collection<Long> matching(Optional<UidSet> among);
    }

    /**
     * Re-runs a kept SORT (CONTEXT=SORT, RFC 5267 §4): every message this session announced that matches, in the
     * requested order. Asked only when messages joined the result, to find their positions.
     */
    @FunctionalInterface
    public interface Sorter {
        List<Long> sorted();
    }

    /**
     * Which messages a change can move into or out of a kept search: only the changed ones, or any message when the
     * search names messages by position ({@code 1:5}, {@code *}, {@code $}), which expunges and arrivals shift.
     */
    public enum Reach { CHANGED_MESSAGES, WHOLE_MAILBOX }

    private static final class Kept {
        final String tag;
        final NumSet.Form form;
        final Reach reach;
        final Matcher matcher;
        final int maxResults;
        final TreeSet<Long> uids;
        /** A kept SORT: how to re-run it, and its result in sort order (the same UIDs as {@link #uids}). */
        final Optional<Sorter> sorter;
        List<Long> order;
        boolean stale;

        Kept(String tag, NumSet.Form form, Reach reach, Matcher matcher, int maxResults, Collection<Long> uids,
             Optional<Sorter> sorter) {
            this.tag = tag;
            this.form = form;
            this.reach = reach;
            this.matcher = matcher;
            this.maxResults = maxResults;
            this.uids = new TreeSet<>(uids);
            this.sorter = sorter;
            this.order = new ArrayList<>(uids);
        }

        boolean sorted() {
            return sorter.isPresent();
        }
    }

    private UidSet saved = UidSet.EMPTY;
    private final Map<String, Kept> kept = new LinkedHashMap<>();

    /** The UIDs {@code $} names; empty before any SEARCH with SAVE succeeded. */
    public UidSet saved() {
        return saved;
    }

    public void save(UidSet uids) {
        saved = uids;
    }

    public int keptCount() {
        return kept.size();
    }

    public boolean keeps(String tag) {
        return kept.containsKey(tag);
    }

    /**
     * Starts keeping the search tagged {@code tag} up to date; {@code uids} is its result now. Should it grow past
     * {@code maxResults} matches, it is dropped with an untagged {@code NO [NOUPDATE "tag"]}.
     */
    public void keep(String tag, NumSet.Form form, Reach reach, Matcher matcher, int maxResults, Collection<Long> uids) {
        kept.put(tag, new Kept(tag, form, reach, matcher, maxResults, uids, Optional.empty()));
    }

    /**
     * Starts keeping the SORT tagged {@code tag} up to date (CONTEXT=SORT); {@code sortedUids} is its result now, in
     * sort order. Its ADDTO and REMOVEFROM carry the positions in that order (RFC 5267 §4.3.2).
     */
    public void keepSorted(String tag, NumSet.Form form, Reach reach, Matcher matcher, Sorter sorter, int maxResults,
                           List<Long> sortedUids) {
        kept.put(tag, new Kept(tag, form, reach, matcher, maxResults, sortedUids, Optional.of(sorter)));
    }

    /** CANCELUPDATE: true when {@code tag} was kept. */
    public boolean cancel(String tag) {
        return kept.remove(tag) != null;
    }

    /**
     * Called before the session announces that {@code uids} were expunged: they leave {@code $} and every kept search,
     * and the REMOVEFROM responses are returned while the sequence numbers they use still hold (RFC 5267 §4.3.4).
     */
    List<ImapResponse.Untagged> expunging(Collection<Long> uids, MessageNumbers numbers) {
        if (uids.isEmpty()) {
            return List.of();
        }
        saved = without(saved, uids);
        List<ImapResponse.Untagged> out = new ArrayList<>();
        for (Kept k : kept.values()) {
            List<Long> removed = new ArrayList<>();
            for (long uid : uids) {
                if (k.uids.remove(uid)) {
                    removed.add(uid);
                }
            }
            if (k.reach == Reach.WHOLE_MAILBOX) {
                k.stale = true;   // positions shift: looked at again once the expunge is announced
            }
            if (removed.isEmpty()) {
                continue;
            }
            if (k.sorted()) {
                Set<Long> gone = Set.copyOf(removed);
                out.add(positioned(k, "REMOVEFROM", runs(k.order, gone::contains, Counting.KEPT_BEFORE), numbers));
                k.order.removeIf(gone::contains);
            } else {
                out.add(change(k, "REMOVEFROM", removed, numbers));
            }
        }
        return out;
    }

    /** Whether a kept search must be looked at again even without new changes. */
    /** Whether any search is kept: only then do changed UIDs matter to {@link #refresh}. */
    boolean keepsAny() {
        return !kept.isEmpty();
    }

    boolean hasStale() {
        return kept.values().stream().anyMatch(k -> k.stale);
    }

    /**
     * Called after the session announced arrivals (EXISTS) and flag changes of {@code changed}: re-runs each kept
     * search over the messages it can have gained or lost and returns the ADDTO and REMOVEFROM responses. A search
     * that fails (the store is unavailable) stays stale and is re-run over the whole mailbox next time.
     */
    List<ImapResponse.Untagged> refresh(Set<Long> changed, MessageNumbers numbers) {
        List<ImapResponse.Untagged> out = new ArrayList<>();
        List<Long> announced = changed.stream().filter(numbers::contains).sorted().toList();
        for (java.util.Iterator<Kept> it = kept.values().iterator(); it.hasNext(); ) {
            Kept k = it.next();
            boolean whole = k.stale || k.reach == Reach.WHOLE_MAILBOX;
            if (!whole && announced.isEmpty()) {
                continue;
            }
            k.stale = true;
            Optional<UidSet> among = whole ? Optional.empty() : Optional.of(UidSet.of(announced));
            TreeSet<Long> now;
            try {
                now = new TreeSet<>(k.matcher.matching(among));
            } catch (RuntimeException e) {
                // the store is unavailable: the search stays stale and is re-run whole with the next change
                log.debug("search {} not refreshed now: {}", k.tag, e.toString());
                continue;
            }
            Collection<Long> looked = whole ? List.copyOf(k.uids) : announced;
            List<Long> removed = new ArrayList<>();
            for (long uid : looked) {
                if (k.uids.contains(uid) && !now.contains(uid)) {
                    removed.add(uid);
                }
            }
            List<Long> added = now.stream().filter(uid -> !k.uids.contains(uid)).toList();
            if (k.sorted() && !added.isEmpty()) {
                if (!resort(k, numbers, out)) {
                    it.remove();
                }
                continue;
            }
            if (k.uids.size() - removed.size() + added.size() > k.maxResults) {
                it.remove();   // the matches a session keeps stay bounded; the client hears that updates stop
                out.add(noUpdate(k));
                continue;
            }
            if (k.sorted() && !removed.isEmpty()) {
                Set<Long> gone = Set.copyOf(removed);
                out.add(positioned(k, "REMOVEFROM", runs(k.order, gone::contains, Counting.KEPT_BEFORE), numbers));
                k.order.removeIf(gone::contains);
            }
            removed.forEach(k.uids::remove);
            k.uids.addAll(added);
            k.stale = false;
            if (!removed.isEmpty() && !k.sorted()) {
                out.add(change(k, "REMOVEFROM", removed, numbers));
            }
            if (!added.isEmpty()) {
                out.add(change(k, "ADDTO", added, numbers));
            }
        }
        return out;
    }

    /**
     * A kept SORT gained messages: the sort is re-run to learn where they go, and the difference to the kept order
     * becomes REMOVEFROM then ADDTO with positions. Sort keys never change, so the messages both lists hold keep
     * their relative order; should they not (a store repair), everything is removed and the new result added, which
     * the client applies just the same. False when the search must be dropped (too many matches).
     */
    private static boolean resort(Kept k, MessageNumbers numbers, List<ImapResponse.Untagged> out) {
        List<Long> now;
        try {
            now = List.copyOf(k.sorter.orElseThrow().sorted());
        } catch (RuntimeException e) {
            log.debug("sorted search {} not refreshed now: {}", k.tag, e.toString());
            k.stale = true;
            return true;
        }
        if (now.size() > k.maxResults) {
            out.add(noUpdate(k));
            return false;
        }
        Set<Long> nowSet = new java.util.HashSet<>(now);
        List<Long> survivors = k.order.stream().filter(nowSet::contains).toList();
        List<Long> common = now.stream().filter(k.uids::contains).toList();
        Set<Long> gone = survivors.equals(common)
                ? k.order.stream().filter(uid -> !nowSet.contains(uid)).collect(java.util.stream.Collectors.toSet())
                : Set.copyOf(k.order);
        Set<Long> kept = new java.util.HashSet<>(k.order);
        kept.removeAll(gone);
        if (!gone.isEmpty()) {
            out.add(positioned(k, "REMOVEFROM", runs(k.order, gone::contains, Counting.KEPT_BEFORE), numbers));
        }
        List<Run> additions = runs(now, uid -> !kept.contains(uid), Counting.ALL_BEFORE);
        if (!additions.isEmpty()) {
            out.add(positioned(k, "ADDTO", additions, numbers));
        }
        k.order = new ArrayList<>(now);
        k.uids.clear();
        k.uids.addAll(now);
        k.stale = false;
        return true;
    }

    private static ImapResponse.StatusLine noUpdate(Kept k) {
        return new ImapResponse.StatusLine(dev.mailwright.imap.wire.Status.NO, Optional.of("NOUPDATE \"" + k.tag + "\""),
                "Too many matches to keep up to date, at most " + k.maxResults + "; updates stopped");
    }

    /** Consecutive selected results of a sorted list whose UIDs ascend (a set lists its numbers ascending), and where. */
    record Run(int position, List<Long> uids) {
    }

    /**
     * How a run's position is counted. Removals are applied one run after the other, so a run's position is that of
     * its first result once the runs before it are gone: the unselected results before it, plus one. Additions are
     * inserted in list order, so every result before one is already there: its index in the new list, plus one.
     */
    enum Counting { KEPT_BEFORE, ALL_BEFORE }

    static List<Run> runs(List<Long> list, java.util.function.LongPredicate selected, Counting counting) {
        List<Run> runs = new ArrayList<>();
        List<Long> current = null;
        int position = 0;
        int unselectedBefore = 0;
        for (int i = 0; i < list.size(); i++) {
            long uid = list.get(i);
            if (!selected.test(uid)) {
                unselectedBefore++;
                current = null;
                continue;
            }
            if (current != null && uid > current.getLast()) {
                current.add(uid);
                continue;
            }
            current = new ArrayList<>();
            current.add(uid);
            position = switch (counting) {
                case KEPT_BEFORE -> unselectedBefore + 1;
                case ALL_BEFORE -> i + 1;
            };
            runs.add(new Run(position, current));
        }
        return runs;
    }

    /** {@code * ESEARCH (TAG "t") [UID] ADDTO (pos set pos set ...)}: a kept SORT's change (RFC 5267 §4.3.3-4.3.4). */
    private static ImapResponse.ExtendedSearch positioned(Kept k, String name, List<Run> runs, MessageNumbers numbers) {
        StringBuilder pairs = new StringBuilder("(");
        for (Run run : runs) {
            if (pairs.length() > 1) {
                pairs.append(' ');
            }
            pairs.append(run.position()).append(' ').append(UidSet.of(numbered(k, run.uids(), numbers)).toImapString());
        }
        return new ImapResponse.ExtendedSearch(k.tag, numbering(k), List.of(new ImapResponse.SearchData(name, pairs + ")")));
    }

    private static List<Long> numbered(Kept k, List<Long> uids, MessageNumbers numbers) {
        return switch (k.form) {
            case UID -> uids;
            case SEQUENCE -> uids.stream().map(uid -> (long) numbers.msnOf(uid)).filter(msn -> msn > 0).toList();
        };
    }

    private static ImapResponse.ExtendedSearch.Numbering numbering(Kept k) {
        return switch (k.form) {
            case UID -> ImapResponse.ExtendedSearch.Numbering.UID;
            case SEQUENCE -> ImapResponse.ExtendedSearch.Numbering.SEQUENCE;
        };
    }

    /** {@code * ESEARCH (TAG "t") [UID] ADDTO (0 set)}: position 0, as SEARCH results keep mailbox order (RFC 5267 §4.3.3). */
    private static ImapResponse.ExtendedSearch change(Kept k, String name, List<Long> uids, MessageNumbers numbers) {
        List<Long> numbered = switch (k.form) {
            case UID -> uids;
            case SEQUENCE -> uids.stream().map(uid -> (long) numbers.msnOf(uid)).filter(msn -> msn > 0).toList();
        };
        ImapResponse.ExtendedSearch.Numbering numbering = switch (k.form) {
            case UID -> ImapResponse.ExtendedSearch.Numbering.UID;
            case SEQUENCE -> ImapResponse.ExtendedSearch.Numbering.SEQUENCE;
        };
        return new ImapResponse.ExtendedSearch(k.tag, numbering,
                List.of(new ImapResponse.SearchData(name, "(0 " + UidSet.of(numbered).toImapString() + ")")));
    }

    /** {@code set} without {@code uids}, splitting ranges as needed. */
    static UidSet without(UidSet set, Collection<Long> uids) {
        TreeSet<Long> gone = new TreeSet<>(uids);
        List<UidRange> out = new ArrayList<>();
        for (UidRange r : set.ranges()) {
            long start = r.first();
            for (long uid : gone.subSet(r.first(), true, r.last(), true)) {
                if (uid > start) {
                    out.add(new UidRange(start, uid - 1));
                }
                start = uid + 1;
            }
            if (start <= r.last() && start > 0) {
                out.add(new UidRange(start, r.last()));
            }
        }
        return new UidSet(out);
    }
}
