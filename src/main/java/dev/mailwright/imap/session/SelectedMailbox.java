package dev.mailwright.imap.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.mailwright.imap.command.MailboxCommand.SelectMode;
import dev.mailwright.imap.command.NumSet;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.Status;
import dev.mailwright.store.Flags;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxEvent;
import dev.mailwright.store.MailboxId;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageRef;
import dev.mailwright.store.UidRange;
import dev.mailwright.store.UidSet;

/**
 * The session's view of its selected mailbox: the MSN↔UID map as announced, the session's \Recent
 * messages, and the changes other sessions made that are not announced yet. Events arrive on any thread
 * and are only queued; the session's own thread (or its IDLE writer) turns them into responses with
 * {@link #drain}. EXPUNGE responses wait while {@link ExpungeAnnouncement#DEFER} (RFC 3501 §7.4.1).
 */
public final class SelectedMailbox {
    private final MailStore store;
    private final MailboxId id;
    private final long uidValidity;
    private final SelectMode mode;
    private final RecentTracking recentTracking;
    private final MessageNumbers numbers = new MessageNumbers();
    private final TreeSet<Long> recent = new TreeSet<>();
    private final Queue<MailboxEvent> pending = new ConcurrentLinkedQueue<>();
    private final TreeSet<Long> expungedUnannounced = new TreeSet<>();
    /**
     * Modseqs of flag changes this session made and reported itself, with the UIDs each changed while a search was
     * kept (only kept searches need them: a STORE 1:* on a large mailbox need not be remembered UID by UID).
     */
    private final TreeMap<Long, List<Long>> ownChanges = new TreeMap<>();
    private final Semaphore signal = new Semaphore(0);
    private volatile String name;
    private volatile boolean deleted;
    private long knownModseq;
    private final Set<String> keywords = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private int firstUnseen;
    private boolean changesPending;
    private final SearchResults searchResults = new SearchResults();
    private final SharedRights sharedRights = new SharedRights();
    /** Who reads: on someone else's mailbox, \Seen is this account's own (the store's PrivateSeen). */
    private AccountId viewer;
    /** The first UID whose \Recent this session's own APPENDs claimed and it has not announced yet; 0: none. */
    private long claimedByAppend;

    public enum ExpungeAnnouncement { ANNOUNCE, DEFER }

    /**
     * Whether the session keeps \Recent: IMAP4rev1 sessions do; an IMAP4rev2 session has no \Recent and claims
     * none, so the messages stay recent for the rev1 sessions that select the mailbox later (RFC 9051 Appendix E).
     */
    public enum RecentTracking { TRACK, NONE }

    private SelectedMailbox(MailStore store, MailboxInfo info, SelectMode mode, RecentTracking recentTracking) {
        this.store = store;
        this.recentTracking = recentTracking;
        this.id = info.id();
        this.uidValidity = info.uidValidity();
        this.mode = mode;
        this.name = info.name();
        this.knownModseq = info.highestModseq();
    }

    /**
     * Starts watching for events, then reads the mailbox's UIDs and, for SELECT, claims its \Recent messages.
     * Watching first means no change can fall between the read and the first event.
     */
    public static SelectedMailbox open(MailStore store, MailboxInfo info, SelectMode mode, SessionRegistry registry) {
        return open(store, info, mode, registry, RecentTracking.TRACK);
    }

    public static SelectedMailbox open(MailStore store, MailboxInfo info, SelectMode mode, SessionRegistry registry,
                                       RecentTracking recentTracking) {
        return open(store, info, mode, registry, recentTracking, info.owner());
    }

    /** As the other {@code open}s, for {@code viewer}: on someone else's mailbox, with the viewer's own \Seen. */
    public static SelectedMailbox open(MailStore store, MailboxInfo info, SelectMode mode, SessionRegistry registry,
                                       RecentTracking recentTracking, AccountId viewer) {
        SelectedMailbox selected = new SelectedMailbox(store, info, mode, recentTracking);
        selected.viewer = viewer;
        registry.watch(selected);
        MailStore.Selection selection = store.selection(viewer, info.id());
        for (long uid : selection.uids()) {
            if (uid > selected.numbers.maxUid()) {   // ascending by contract; a repeat from a damaged store is skipped
                selected.numbers.append(uid);
            }
        }
        selected.keywords.addAll(selection.keywords());
        if (selection.firstUnseenUid() > 0) {
            selected.firstUnseen = selected.numbers.msnOf(selection.firstUnseenUid());
        }
        selected.learnRecent();
        return selected;
    }

    /** The account that reads this mailbox: pass it to the store's reads so \Seen is the reader's own. */
    public AccountId viewer() {
        return viewer;
    }

    /**
     * The FLAGS and PERMANENTFLAGS responses a session sends at SELECT: the system flags and the keywords it has
     * announced so far.
     */
    public List<ImapResponse.Untagged> flagResponses() {
        List<String> flags = new ArrayList<>(FlagNames.SYSTEM);
        flags.addAll(keywords);
        List<String> permanent = new ArrayList<>(flags);
        permanent.add("\\*");
        return List.of(new ImapResponse.FlagList(flags), new ImapResponse.StatusLine(Status.OK,
                Optional.of("PERMANENTFLAGS (" + (mode == SelectMode.READ_ONLY ? "" : String.join(" ", permanent)) + ")"),
                "Flags permitted"));
    }

    /**
     * Adds the keywords of {@code flags} this session has not announced yet; when there are any, returns the new
     * FLAGS and PERMANENTFLAGS responses, to be sent before any FETCH that shows such a keyword (RFC 3501 §7.2.6:
     * clients take FLAGS as the list of flags that can appear).
     */
    public List<ImapResponse.Untagged> announceKeywords(Flags flags) {
        boolean added = false;
        for (String keyword : flags.keywords()) {
            added |= keywords.add(keyword);
        }
        return added ? flagResponses() : List.of();
    }

    /** The highest modseq this session has reported or learned of (at least 1), for HIGHESTMODSEQ. */
    public long highestModseqSeen() {
        long own = ownChanges.isEmpty() ? 0 : ownChanges.lastKey();
        return Math.max(1, Math.max(knownModseq, own));
    }

    /** MSN of the first message without \Seen at SELECT time, 0 when none. */
    public int firstUnseen() {
        return firstUnseen;
    }

    public MailboxId id() {
        return id;
    }

    public String name() {
        return name;
    }

    public long uidValidity() {
        return uidValidity;
    }

    public SelectMode mode() {
        return mode;
    }

    public boolean isDeleted() {
        return deleted;
    }

    /** The session's rights when the mailbox is someone else's (RFC 4314); none are kept for an own mailbox. */
    public SharedRights sharedRights() {
        return sharedRights;
    }

    public MessageNumbers numbers() {
        return numbers;
    }

    /** The saved search result ({@code $}) and the searches kept up to date, of this selection only. */
    public SearchResults searchResults() {
        return searchResults;
    }

    public int recentCount() {
        return recent.size();
    }

    public boolean isRecent(long uid) {
        return recent.contains(uid);
    }

    /** Called from any thread: queue the event and wake an IDLE writer. Never blocks. */
    void offer(MailboxEvent event) {
        pending.add(event);
        signal.release();
    }

    /** Waits up to {@code millis} for an event; true when one arrived. */
    public boolean awaitEvent(long millis) throws InterruptedException {
        boolean got = signal.tryAcquire(millis, TimeUnit.MILLISECONDS);
        signal.drainPermits();
        return got;
    }

    /** Wakes a waiting IDLE writer without an event (used to stop it). */
    public void wake() {
        signal.release();
    }

    /** Remembers that this session reported the flag change of {@code uid} with {@code modseq} itself. */
    public void reportedOwnChange(long uid, long modseq) {
        List<Long> uids = ownChanges.computeIfAbsent(modseq, m -> new ArrayList<>());
        if (searchResults.keepsAny()) {
            uids.add(uid);
        }
    }

    /**
     * The UIDs among {@code before} (rows as they were before this session rewrote their flags) whose last change was
     * another session's and not yet read by this one: the rewrite gave them this session's modseq, so the change read
     * leaves them out, and only the STORE itself can still report them.
     */
    public Set<Long> changedUnseen(List<MessageRef> before) {
        Set<Long> unseen = new HashSet<>();
        for (MessageRef ref : before) {
            if (ref.modseq() > knownModseq && !ownChanges.containsKey(ref.modseq())) {
                unseen.add(ref.uid());
            }
        }
        return unseen;
    }

    /** Removes UIDs this session expunged itself and returns the responses that announce it. */
    public List<ImapResponse.Untagged> expungeOwn(List<Long> uids, ExpungeForm form) {
        List<ImapResponse.Untagged> out = new ArrayList<>();
        List<ImapResponse.Untagged> searchChanges = searchResults.expunging(uids.stream().filter(numbers::contains).toList(), numbers);
        List<Long> vanished = new ArrayList<>();
        for (long uid : uids) {
            numbers.expunge(uid).ifPresent(msn -> {
                out.add(new ImapResponse.Expunge(msn));
                vanished.add(uid);
            });
            recent.remove(uid);
            expungedUnannounced.remove(uid);
        }
        List<ImapResponse.Untagged> announced = new ArrayList<>(searchChanges);   // REMOVEFROM before the expunge (RFC 5267 §4.3.4)
        switch (form) {
            case EXPUNGE -> announced.addAll(out);
            case VANISHED -> {
                if (!vanished.isEmpty()) {
                    announced.add(new ImapResponse.Vanished(ImapResponse.Vanished.When.NOW, UidSet.of(vanished).toImapString()));
                }
            }
        }
        return announced;
    }

    /** Turns queued changes into untagged responses, and updates the map accordingly. */
    public List<ImapResponse.Untagged> drain(ExpungeAnnouncement expunges, ModSeqReporting modseqs, ExpungeForm form) {
        List<ImapResponse.Untagged> out = new ArrayList<>();
        boolean changed = false;
        boolean othersChanged = false;
        List<Long> ownModseqs = new ArrayList<>();
        MailboxEvent event;
        while ((event = pending.poll()) != null) {
            switch (event) {
                case MailboxEvent.MessagesExpunged e -> e.uids().stream().filter(numbers::contains).forEach(expungedUnannounced::add);
                case MailboxEvent.MessagesAdded e -> {
                    changed = true;
                    othersChanged = true;
                }
                case MailboxEvent.FlagsChanged e -> {
                    changed = true;
                    if (ownChanges.containsKey(e.modseq())) {
                        ownModseqs.add(e.modseq());
                    } else {
                        othersChanged = true;
                    }
                }
                case MailboxEvent.MailboxCreated e -> { }
                case MailboxEvent.SubscriptionChanged e -> { }
                case MailboxEvent.MailboxChanged e -> {
                    if (e.newName().isPresent()) {
                        name = e.newName().get();
                    } else {
                        deleted = true;
                    }
                }
            }
        }
        if (expunges == ExpungeAnnouncement.ANNOUNCE && !expungedUnannounced.isEmpty()) {
            out.addAll(expungeOwn(List.copyOf(expungedUnannounced), form));
        }
        if (changed && !othersChanged && !changesPending && ownChanges.size() < MAX_SKIPPED_CHANGES) {
            // only this session's own flag changes, reported already: nothing to read. knownModseq stays, so a change
            // of another session below them whose event is still on its way is read when that event arrives.
            Set<Long> changedUids = new HashSet<>();
            addOwnChanges(ownModseqs, changedUids);
            out.addAll(searchResults.refresh(changedUids, numbers));
        } else if (changed || changesPending) {
            changesPending = true;   // stays set if the store fails now (database down): the next drain tries again
            collectChanges(out, modseqs);
            changesPending = false;
        } else if (searchResults.hasStale()) {
            out.addAll(searchResults.refresh(Set.of(), numbers));
        }
        return out;
    }

    public enum ModSeqReporting { WITH_MODSEQ, WITHOUT_MODSEQ }

    /** Own changes left out of one read of the changes; more (a session storing without a drain between) reads all. */
    private static final int MAX_SKIPPED_CHANGES = 8;

    private void collectChanges(List<ImapResponse.Untagged> out, ModSeqReporting modseqs) {
        List<MessageRef> changes = new ArrayList<>();
        // the rows of this session's own changes are not read back (a STORE 1:* would re-read the whole mailbox); a
        // modseq is one transaction's, so no one else's change hides among them
        NavigableMap<Long, List<Long>> own = ownChanges.tailMap(knownModseq, false);
        SortedSet<Long> skipped = own.size() <= MAX_SKIPPED_CHANGES ? new TreeSet<>(own.keySet()) : new TreeSet<>();
        store.forEachChangedSince(viewer, id, knownModseq, skipped, changes::add);
        for (MessageRef ref : changes) {
            if (!expungedUnannounced.contains(ref.uid())) {
                out.addAll(announceKeywords(ref.flags()));
            }
        }
        long maxKnownUid = numbers.maxUid();
        TreeSet<Long> added = new TreeSet<>();
        for (MessageRef ref : changes) {
            knownModseq = Math.max(knownModseq, ref.modseq());
            if (ref.uid() > maxKnownUid) {
                added.add(ref.uid());
            } else if (numbers.contains(ref.uid()) && !expungedUnannounced.contains(ref.uid())
                    && !ownChanges.containsKey(ref.modseq())) {
                List<ImapResponse.FetchValue> values = new ArrayList<>();
                values.add(new ImapResponse.UidValue(ref.uid()));
                values.add(new ImapResponse.FlagsValue(FlagNames.of(ref.flags(), isRecent(ref.uid()))));
                if (modseqs == ModSeqReporting.WITH_MODSEQ) {
                    values.add(new ImapResponse.ModSeqValue(ref.modseq()));
                }
                out.add(new ImapResponse.Fetched(numbers.msnOf(ref.uid()), values));
            }
        }
        Set<Long> changedUids = new HashSet<>();
        for (MessageRef ref : changes) {
            if (!expungedUnannounced.contains(ref.uid())) {
                changedUids.add(ref.uid());
            }
        }
        addOwnChanges(skipped, changedUids);
        if (!skipped.isEmpty()) {
            // every other change below them was read: the store allocates modseqs under the mailbox's lock
            knownModseq = Math.max(knownModseq, skipped.last());
        }
        ownChanges.headMap(knownModseq, true).clear();
        if (!added.isEmpty()) {
            added.forEach(numbers::append);
            learnRecent();
            out.add(new ImapResponse.Exists(numbers.size()));
            if (recentTracking == RecentTracking.TRACK) {
                out.add(new ImapResponse.Recent(recent.size()));
            }
        }
        out.addAll(searchResults.refresh(changedUids, numbers));   // ADDTO after the EXISTS (RFC 5267 §4.3.3)
    }

    /** Adds the UIDs this session's own changes with {@code modseqs} touched, as far as they are not expunged. */
    private void addOwnChanges(java.util.Collection<Long> modseqs, Set<Long> changedUids) {
        for (long modseq : modseqs) {
            ownChanges.get(modseq).stream().filter(uid -> !expungedUnannounced.contains(uid)).forEach(changedUids::add);
        }
    }

    private void learnRecent() {
        if (recentTracking == RecentTracking.NONE) {
            return;
        }
        if (mode == SelectMode.READ_WRITE) {
            claimRecent();
        } else {
            peekRecent();
        }
    }

    /**
     * The mailbox in which this session's APPENDs claim \Recent ({@link MailStore#append}): this one when it is
     * selected read-write by a session that keeps \Recent.
     */
    public Optional<MailboxId> recentClaimedByAppend() {
        return mode == SelectMode.READ_WRITE && recentTracking == RecentTracking.TRACK ? Optional.of(id) : Optional.empty();
    }

    /** An APPEND of this session claimed \Recent from {@code firstUid} on (0: it claimed none): they are ours. */
    public void claimedByAppend(long firstUid) {
        if (firstUid > 0) {
            claimedByAppend = claimedByAppend == 0 ? firstUid : Math.min(claimedByAppend, firstUid);
        }
    }

    /**
     * EXAMINE: the messages no session has claimed are \Recent here too, as STATUS counts them, but stay
     * unclaimed (RFC 3501 §6.3.2: EXAMINE does not change the \Recent flag). They are the newest ones.
     */
    private void peekRecent() {
        long unclaimed = store.unclaimedRecent(id);
        for (int i = (int) Math.max(0, numbers.size() - unclaimed); i < numbers.size(); i++) {
            recent.add(numbers.uidAtIndex(i));
        }
    }

    private void claimRecent() {
        long first = store.claimRecent(id);
        if (claimedByAppend > 0) {
            // the APPEND's event was published before the APPEND returned: its messages are among those announced now
            first = Math.min(first, claimedByAppend);
            claimedByAppend = 0;
        }
        int from = numbers.lowerIndex(first);
        for (int i = from; i < numbers.size(); i++) {
            recent.add(numbers.uidAtIndex(i));
        }
    }

    /**
     * Resolves a client's set to the UIDs it names among the messages this session announced. Sequence
     * numbers beyond the mailbox are an error (empty result plus {@code false}); UIDs that do not exist are
     * simply not included (RFC 3501 §6.4.8).
     */
    public Resolution resolve(NumSet set) {
        List<UidRange> ranges = new ArrayList<>();
        int size = numbers.size();
        switch (set) {
            case NumSet.Sequence s -> {
                for (NumSet.Range r : s.ranges()) {
                    if (size == 0 && (r.first() == NumSet.STAR || r.last() == NumSet.STAR)) {
                        continue;   // "1:*" on an empty mailbox names nothing; clients send it blindly
                    }
                    long a = r.first() == NumSet.STAR ? size : r.first();
                    long b = r.last() == NumSet.STAR ? size : r.last();
                    long lo = Math.min(a, b);
                    long hi = Math.max(a, b);
                    if (lo < 1 || hi > size) {
                        return new Resolution(UidSet.EMPTY, Validity.OUT_OF_RANGE);
                    }
                    ranges.add(new UidRange(numbers.uidAt((int) lo), numbers.uidAt((int) hi)));
                }
            }
            case NumSet.SavedResult saved -> {
                for (UidRange r : searchResults.saved().ranges()) {
                    int from = numbers.lowerIndex(r.first());
                    int to = numbers.lowerIndex(r.last() == Long.MAX_VALUE ? r.last() : r.last() + 1);
                    if (from < to) {   // the saved range holds every UID in it: only announced messages count
                        ranges.add(new UidRange(numbers.uidAtIndex(from), numbers.uidAtIndex(to - 1)));
                    }
                }
            }
            case NumSet.Uids u -> {
                if (size == 0) {
                    return new Resolution(UidSet.EMPTY, Validity.VALID);
                }
                long max = numbers.maxUid();
                for (NumSet.Range r : u.ranges()) {
                    long a = r.first() == NumSet.STAR ? max : r.first();
                    long b = r.last() == NumSet.STAR ? max : r.last();
                    long lo = Math.min(a, b);
                    long hi = Math.max(a, b);
                    int from = numbers.lowerIndex(lo);
                    int to = numbers.lowerIndex(hi == Long.MAX_VALUE ? hi : hi + 1);
                    if (from < to) {
                        ranges.add(new UidRange(numbers.uidAtIndex(from), numbers.uidAtIndex(to - 1)));
                    }
                }
            }
        }
        return new Resolution(new UidSet(ranges), Validity.VALID);
    }

    /** How many of the messages this session announced lie in {@code uids}. */
    public int countAnnounced(UidSet uids) {
        int count = 0;
        for (UidRange r : uids.ranges()) {
            int from = numbers.lowerIndex(r.first());
            int to = numbers.lowerIndex(r.last() == Long.MAX_VALUE ? r.last() : r.last() + 1);
            count += Math.max(0, to - from);
        }
        return count;
    }

    public enum Validity { VALID, OUT_OF_RANGE }

    public record Resolution(UidSet uids, Validity validity) {
    }
}
