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
        boolean stale;

        Kept(String tag, NumSet.Form form, Reach reach, Matcher matcher, int maxResults, Collection<Long> uids) {
            this.tag = tag;
            this.form = form;
            this.reach = reach;
            this.matcher = matcher;
            this.maxResults = maxResults;
            this.uids = new TreeSet<>(uids);
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
        kept.put(tag, new Kept(tag, form, reach, matcher, maxResults, uids));
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
            if (!removed.isEmpty()) {
                out.add(change(k, "REMOVEFROM", removed, numbers));
            }
        }
        return out;
    }

    /** Whether a kept search must be looked at again even without new changes. */
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
            if (k.uids.size() - removed.size() + added.size() > k.maxResults) {
                it.remove();   // the matches a session keeps stay bounded; the client hears that updates stop
                out.add(new ImapResponse.StatusLine(dev.mailwright.imap.wire.Status.NO, Optional.of("NOUPDATE \"" + k.tag + "\""),
                        "Too many matches to keep up to date, at most " + k.maxResults + "; updates stopped"));
                continue;
            }
            removed.forEach(k.uids::remove);
            k.uids.addAll(added);
            k.stale = false;
            if (!removed.isEmpty()) {
                out.add(change(k, "REMOVEFROM", removed, numbers));
            }
            if (!added.isEmpty()) {
                out.add(change(k, "ADDTO", added, numbers));
            }
        }
        return out;
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
