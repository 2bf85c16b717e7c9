package dev.mailwright.store;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one API through which every protocol reads and changes mail. Each mutating method is one
 * transaction: when it returns, the change is committed (durable), and its {@link MailboxEvent}s are
 * published after that commit. UID and MODSEQ allocation happen only here (ARCHITECTURE §4).
 *
 * <p>Mailbox names use {@code /} as hierarchy delimiter; {@code INBOX} matches case-insensitively.
 */
public interface MailStore {

    // ---- mutations of messages ----

    /**
     * Delivers one message to the INBOX of each account, in one transaction (all or nothing). The
     * message is parsed once and its blob stored once per content.
     */
    Delivery deliver(MessageSource raw, Collection<AccountId> recipients);

    /**
     * Accepts one SMTP transaction: delivers to every local recipient's INBOX (or Junk, {@link Envelope#folder()})
     * and writes one outbound
     * queue entry per remote recipient, all in one transaction. When it returns, everything is committed;
     * when it throws, nothing is.
     */
    Delivery accept(MessageSource raw, Envelope envelope);

    /** Appends to a named mailbox. Throws {@link StoreException.MailboxNotFound} (IMAP: TRYCREATE). */
    default Appended append(AccountId account, String mailbox, MessageSource raw, Flags flags, Optional<Instant> internalDate) {
        return append(account, mailbox, raw, flags, internalDate, Optional.empty());
    }

    /**
     * As the other {@code append}, by a session that has {@code claimRecentIn} selected read-write and keeps \Recent:
     * when the message goes into that mailbox, the same transaction claims \Recent for the caller, from the first
     * unclaimed UID up to the new message's (as {@link #claimRecent} would when the session announces it, RFC 3501
     * §2.3.2), so the session spends no write transaction of its own on the claim. {@link Appended#recentFrom()}: the
     * first UID claimed, 0 when none was.
     */
    Appended append(AccountId account, String mailbox, MessageSource raw, Flags flags, Optional<Instant> internalDate,
                    Optional<MailboxId> claimRecentIn);

    /**
     * Appends several messages to one mailbox in one transaction (IMAP MULTIAPPEND, RFC 3502): all are stored or
     * none; the quota is checked for their total; their UIDs are consecutive, in the order given.
     */
    default AppendedAll appendAll(AccountId account, String mailbox, List<NewMessage> messages) {
        return appendAll(account, mailbox, messages, Optional.empty());
    }

    /** As the other {@code appendAll}, claiming \Recent in {@code claimRecentIn} as {@link #append} does. */
    AppendedAll appendAll(AccountId account, String mailbox, List<NewMessage> messages, Optional<MailboxId> claimRecentIn);

    /** Copies messages, keeping flags and internal dates; the blob is shared. Result lists UIDs pairwise. */
    Copied copy(AccountId account, MailboxId source, UidSet uids, String target);

    /** Like copy, then expunges the sources, in the same transaction (RFC 6851). */
    Copied move(AccountId account, MailboxId source, UidSet uids, String target);

    /**
     * Changes flags in SQL. {@code unchangedSince} (CONDSTORE) skips, and reports, messages whose modseq
     * is greater. Returns the messages after the change (only those actually changed get a new modseq).
     */
    FlagUpdate updateFlags(AccountId account, MailboxId mailbox, UidSet uids, FlagChange change, Flags flags,
                           Optional<Long> unchangedSince);

    /**
     * Removes messages flagged {@code \Deleted}; restricted to {@code uids} when present (UID EXPUNGE).
     * Returns the UIDs removed, ascending.
     */
    List<Long> expunge(AccountId account, MailboxId mailbox, Optional<UidSet> uids);

    // ---- mutations of mailboxes ----

    MailboxInfo createMailbox(AccountId account, String name);

    /** Renames with its children; renaming INBOX moves its messages into a new mailbox (RFC 3501 §6.3.5). */
    void renameMailbox(AccountId account, String from, String to);

    /** Deletes a mailbox and its messages; refuses INBOX. */
    void deleteMailbox(AccountId account, String name);

    void subscribe(AccountId account, String name);

    void unsubscribe(AccountId account, String name);

    // ---- reads ----

    List<MailboxInfo> mailboxes(AccountId account);

    Optional<MailboxInfo> mailbox(AccountId account, String name);

    Optional<MailboxInfo> mailbox(AccountId account, MailboxId id);

    Optional<MailboxInfo> mailbox(AccountId account, SpecialUse use);

    /** Subscribed names, including subscriptions to mailboxes that no longer exist. */
    List<String> subscriptions(AccountId account);

    /** UID, modseq and flags of every message in UID order, streamed (SELECT, FETCH 1:* FLAGS). */
    void forEachMessage(MailboxId mailbox, Consumer<MessageRef> sink);

    /** UID, modseq and flags of the messages selected by {@code uids}, in UID order (FETCH n FLAGS). */
    void forEachMessage(MailboxId mailbox, UidSet uids, Consumer<MessageRef> sink);

    /**
     * What SELECT needs of a mailbox, from one narrow pass over its rows: every UID ascending, the first UID
     * without \Seen and the keywords in use. No per-message objects: cheap on a 100,000-message mailbox.
     */
    Selection selection(MailboxId mailbox);

    /** Messages whose modseq is greater than {@code modseq} (CONDSTORE CHANGEDSINCE, webmail sync). */
    void forEachChangedSince(MailboxId mailbox, long modseq, Consumer<MessageRef> sink);

    /** UIDs expunged with a modseq greater than {@code modseq} (QRESYNC VANISHED). */
    List<Long> expungedSince(MailboxId mailbox, long modseq);

    /** The stored SORT keys (RFC 5256, RFC 5957) of every message in UID order, streamed: no message is parsed. */
    void forEachSortKeys(MailboxId mailbox, Consumer<MessageSortKeys> sink);

    /** What THREAD needs of every message (RFC 5256 §3), in UID order, streamed from stored columns. */
    void forEachThreadLinks(MailboxId mailbox, Consumer<MessageThreadLinks> sink);

    /** Metadata of the given messages in UID order, streamed, without bodies. */
    void forEachMeta(MailboxId mailbox, UidSet uids, Consumer<MessageMeta> sink);

    /**
     * What IMAP SEARCH decides from ({@link SearchRow}) for the given messages in UID order, streamed; with
     * {@code withHeader}, the exact stored header text of each row that has one.
     */
    void forEachSearchRow(MailboxId mailbox, UidSet uids, boolean withHeader, Consumer<SearchRow> sink);

    /**
     * Keyset page for lists, newest first: metadata of at most {@code limit} messages whose UID is below
     * {@code beforeUid} (use {@link Long#MAX_VALUE} for the first page), in descending UID order.
     */
    List<MessageMeta> metaPageBefore(MailboxId mailbox, long beforeUid, int limit);

    /**
     * Keyset page for sorted lists: metadata of at most {@code limit} messages ordered by {@code key} in
     * {@code direction}, ties broken by UID in the same direction, starting after {@code after} (empty for the
     * first page). Each key has an index on (mailbox, key, uid), so the cost is the page size, not the mailbox
     * size. {@link SortKey#DATE} is the Date: header, or the internal date when the message has none.
     * Throws {@link IllegalArgumentException} for a cursor that does not fit the key.
     */
    MetaPage metaPage(MailboxId mailbox, SortKey key, SortDirection direction, Optional<PageCursor> after, int limit);

    /** The raw message bytes. The caller closes the stream. */
    InputStream openMessage(String blobHash) throws IOException;

    /**
     * Throws {@link StoreException.StorageFull} unless the data directory has room for {@code bytes} more above its
     * reserve: SMTP asks before it spools a message, so a full disk is refused before any byte is written.
     */
    void requireRoom(long bytes);

    /**
     * Whether the raw bytes of a stored message can be read now (a cheap probe, no read). FETCH asks before it
     * promises a literal, so a missing blob becomes a clear NO for that message instead of a broken response.
     */
    boolean hasMessageBytes(String blobHash);

    /**
     * Bytes {@code [start, end)} of the raw message, e.g. one MIME part by its offsets, streamed from the
     * blob. The caller closes the stream.
     */
    default InputStream openMessageRange(String blobHash, long start, long end) throws IOException {
        requireRange(start, end);
        return RangeInputStream.slice(openMessage(blobHash), start, end - start);
    }

    /**
     * The raw bytes of a message whose row the caller has read from this store: the row names the blob, so the
     * reference check that {@link #openMessage(String)} makes (one query per open, one per body FETCH) is not
     * repeated. The caller closes the stream.
     */
    InputStream openMessage(MessageMeta placed) throws IOException;

    /** Bytes {@code [start, end)} of {@link #openMessage(MessageMeta)}. The caller closes the stream. */
    default InputStream openMessageRange(MessageMeta placed, long start, long end) throws IOException {
        requireRange(start, end);
        return RangeInputStream.slice(openMessage(placed), start, end - start);
    }

    private static void requireRange(long start, long end) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad range " + start + ".." + end);
        }
    }

    /**
     * Marks the messages with UID at or above the mailbox's recent mark as \Recent for the caller and
     * moves the mark to uid_next (RFC 3501 §2.3.2: one session sees a message as recent). Returns the first
     * UID that is recent for the caller.
     */
    long claimRecent(MailboxId mailbox);

    /**
     * How many messages no session has claimed as \Recent yet (UID at or above the recent mark), without
     * claiming them (IMAP STATUS RECENT for a mailbox this session has not selected).
     */
    long unclaimedRecent(MailboxId mailbox);

    /**
     * UIDs whose search column contains {@code text}, case-insensitively: for TEXT and BODY the decoded From, To, Cc,
     * Bcc and Subject and text parts, for HEADERS every decoded header field (IMAP SEARCH TEXT/BODY, webmail).
     * Narrowed by the search index, decided exactly.
     */
    List<Long> searchText(MailboxId mailbox, SearchField field, String text);

    /**
     * UIDs the search index finds for {@code text}: a superset of the messages whose decoded text parts or header
     * fields (TEXT), text parts and the search column (BODY) or header fields (HEADERS) contain it, folded as
     * {@code toLowerCase(Locale.ROOT)}. Empty when the index cannot narrow (fewer characters than a gram, or a line
     * break): the caller then considers every message.
     */
    Optional<java.util.Set<Long>> searchCandidates(MailboxId mailbox, SearchField field, String text);

    /**
     * What the search index says about header field {@code field} (any case) containing {@code text}: the UIDs that may
     * match, of which only the {@code undecided} ones must be decided from the header; every other one matches (some
     * value of the field, an address field also without its comments, contains the folded text).
     */
    record FieldHits(java.util.Set<Long> uids, java.util.Set<Long> undecided) {
        /** Whether the index decided every UID. */
        public boolean exact() {
            return undecided.isEmpty();
        }
    }

    /** {@link FieldHits} for {@code field} and {@code text}; empty when the index cannot narrow (as {@link #searchCandidates}). */
    Optional<FieldHits> searchField(MailboxId mailbox, String field, String text);

    /**
     * Messages of every mailbox of {@code account} (or of {@code query.mailbox()} alone) matching every given
     * criterion, newest first by Date: header (internal date when there is none), at most {@code limit}.
     * Text criteria match case-insensitively as substrings, like {@link #searchText}.
     */
    List<SearchHit> search(AccountId account, MessageQuery query, int limit);

    /**
     * The conversation {@code threadKey} ({@link MessageMeta#threadKey}): its messages in every mailbox of the
     * account, oldest first (by Date: header), at most {@code limit}.
     */
    List<SearchHit> conversation(AccountId account, String threadKey, int limit);

    /** How many messages each of these conversations has, over all mailboxes of the account. */
    java.util.Map<String, Long> conversationSizes(AccountId account, Collection<String> threadKeys);

    // ---- access control (RFC 4314) and the shared namespace ({@link SharedNamespace}) ----

    /** The caller's rights on a mailbox; empty when it does not exist or the caller has none (MYRIGHTS). */
    Optional<Rights> myRights(AccountId actor, String mailbox);

    /** The caller's rights on a mailbox known by id ({@link StoreException.MailboxNotFound} when none). */
    Rights rights(AccountId actor, MailboxId mailbox);

    /** The ACL (needs {@code a}): the owner first, with every right, then each entry by identifier (GETACL). */
    List<AclEntry> acl(AccountId actor, String mailbox);

    /**
     * Changes one identifier's rights (needs {@code a}); {@code identifier} is {@code anyone} or an account's address,
     * never the owner's. Rights that become empty remove the entry (SETACL).
     */
    void changeRights(AccountId actor, String mailbox, String identifier, RightsChange change);

    /** Removes one identifier's entry (needs {@code a}; DELETEACL). */
    void deleteRights(AccountId actor, String mailbox, String identifier);

    /**
     * Mailboxes of other accounts the caller may see ({@code l}), named as the caller reaches them
     * ({@code Shared/owner@domain/name}); {@link MailboxInfo#owner()} is the owner. Every method that takes a mailbox
     * name accepts these names, within the caller's rights.
     */
    List<MailboxInfo> sharedMailboxes(AccountId actor);

    /**
     * The mailbox a message to {@code recipient+detail@domain} is filed into (RFC 5233), as the recipient names it:
     * one of the recipient's own mailboxes that exists (exact name, else the only one equal ignoring case), or another
     * account's mailbox by its shared name when its ACL grants {@code p} to {@code anyone}. Empty: file it as if there
     * were no detail. See {@link SubAddressing}.
     */
    Optional<String> detailMailbox(AccountId recipient, String detail);

    // ---- the same reads as one reader sees them: \Seen is private on other accounts' mailboxes ({@link PrivateSeen}) ----

    /** {@link #forEachMessage(MailboxId, Consumer)} with {@code viewer}'s own \Seen (and MODSEQ) on someone else's mailbox. */
    void forEachMessage(AccountId viewer, MailboxId mailbox, Consumer<MessageRef> sink);

    /** {@link #forEachMessage(MailboxId, UidSet, Consumer)} as {@code viewer} sees it. */
    void forEachMessage(AccountId viewer, MailboxId mailbox, UidSet uids, Consumer<MessageRef> sink);

    /** {@link #selection(MailboxId)} with the first message {@code viewer} has not seen. */
    Selection selection(AccountId viewer, MailboxId mailbox);

    /** {@link #forEachChangedSince(MailboxId, long, Consumer)} including {@code viewer}'s own \Seen changes. */
    void forEachChangedSince(AccountId viewer, MailboxId mailbox, long modseq, Consumer<MessageRef> sink);

    /**
     * {@link #forEachChangedSince(AccountId, MailboxId, long, Consumer)} that may leave out the messages whose modseq
     * is one of {@code except} (a session's own changes, which it reported already; a shared mailbox with private
     * \Seen returns them all). Every other change above {@code modseq} is returned.
     */
    void forEachChangedSince(AccountId viewer, MailboxId mailbox, long modseq, java.util.SortedSet<Long> except,
                             Consumer<MessageRef> sink);

    /** {@link #forEachSearchRow(MailboxId, UidSet, boolean, Consumer)} as {@code viewer} sees it. */
    void forEachSearchRow(AccountId viewer, MailboxId mailbox, UidSet uids, boolean withHeader, Consumer<SearchRow> sink);

    /** {@link #forEachMeta(MailboxId, UidSet, Consumer)} as {@code viewer} sees it. */
    void forEachMeta(AccountId viewer, MailboxId mailbox, UidSet uids, Consumer<MessageMeta> sink);

    /**
     * {@link #forEachMeta(AccountId, MailboxId, UidSet, Consumer)} for a FETCH that reads each message's bytes next
     * ({@link #hasMessageBytes}, {@link #openMessage(MessageMeta)}): the store may read small messages' bytes with
     * their rows, a statement fewer per message.
     */
    void forEachMetaBeforeBytes(AccountId viewer, MailboxId mailbox, UidSet uids, Consumer<MessageMeta> sink);

    /**
     * {@link #forEachMetaBeforeBytes} for a FETCH whose items read only what a placed message never changes: its
     * bytes, size, structure, envelope, internal date. The rows' flags and modseq may be older than the store's and
     * must not be answered. A FETCH of a few messages opened lately is served without a statement (OpenedMessages).
     */
    void forEachContentMeta(AccountId viewer, MailboxId mailbox, UidSet uids, Consumer<MessageMeta> sink);

    /** {@link #metaPageBefore(MailboxId, long, int)} as {@code viewer} sees it. */
    List<MessageMeta> metaPageBefore(AccountId viewer, MailboxId mailbox, long beforeUid, int limit);

    /** {@link #metaPage(MailboxId, SortKey, SortDirection, Optional, int)} as {@code viewer} sees it. */
    MetaPage metaPage(AccountId viewer, MailboxId mailbox, SortKey key, SortDirection direction, Optional<PageCursor> after, int limit);

    record AclEntry(String identifier, Rights rights) {
    }

    /** SETACL's rights argument: {@code +rights} adds, {@code -rights} removes, plain rights replace. */
    record RightsChange(Mode mode, Rights rights) {
        public enum Mode { REPLACE, ADD, REMOVE }

        /** {@code +lr}, {@code -w}, {@code lrs} (RFC 4314 §3.1); {@link IllegalArgumentException} for a letter that is no right. */
        public static RightsChange parse(String text) {
            if (text.startsWith("+")) {
                return new RightsChange(Mode.ADD, Rights.parse(text.substring(1)));
            }
            if (text.startsWith("-")) {
                return new RightsChange(Mode.REMOVE, Rights.parse(text.substring(1)));
            }
            return new RightsChange(Mode.REPLACE, Rights.parse(text));
        }
    }

    /** {@code uids} ascending; {@code firstUnseenUid} 0 when every message is seen. */
    record Selection(long[] uids, long firstUnseenUid, java.util.Set<String> keywords) {
    }

    enum FlagChange { REPLACE, ADD, REMOVE }

    enum SearchField { TEXT, BODY, HEADERS }

    /** Sort keys of {@link #metaPage}: ARRIVAL is UID order; SENDER and SUBJECT compare lower-cased. */
    enum SortKey { ARRIVAL, DATE, SENDER, SUBJECT, SIZE }

    enum SortDirection { ASCENDING, DESCENDING }

    /** Where a page ended: the sort key of its last message as text (ISO instant, number or text) and its UID. */
    record PageCursor(String key, long uid) {
    }

    /**
     * Criteria of {@link #search}; empty ones do not restrict. {@code to} matches any address of the message
     * (its IMAP envelope), {@code text} the decoded headers and text parts; {@code since} is inclusive,
     * {@code before} exclusive.
     */
    record MessageQuery(Optional<MailboxId> mailbox, Optional<String> from, Optional<String> to, Optional<String> subject,
                        Optional<String> text, Optional<Instant> since, Optional<Instant> before) {
    }

    record SearchHit(MailboxId mailbox, String mailboxName, MessageMeta meta) {
    }

    /** {@code next}: the cursor for the following page, empty on the last page. */
    record MetaPage(List<MessageMeta> messages, Optional<PageCursor> next) {
    }

    /**
     * {@code sender} is the reverse-path without brackets, empty for the null sender. {@code folder}: where local
     * recipients get the message (the inbound checks send suspect MX mail to Junk).
     */
    /**
     * @param placements where a local recipient's copy goes when its Sieve script decided (absent: one copy in
     *                   {@code folder}); an empty list files nothing for that recipient (discard, reject, redirect)
     * @param forwards   extra outbound copies of the message, each with its own envelope sender (Sieve redirect)
     */
    record Envelope(String sender, List<AccountId> localRecipients, List<String> remoteRecipients, Folder folder,
                    Map<AccountId, List<Placement>> placements, List<Forward> forwards) {
        public Envelope {
            placements = Map.copyOf(placements);
            forwards = List.copyOf(forwards);
        }

        public Envelope(String sender, List<AccountId> localRecipients, List<String> remoteRecipients, Folder folder) {
            this(sender, localRecipients, remoteRecipients, folder, Map.of(), List.of());
        }

        public Envelope(String sender, List<AccountId> localRecipients, List<String> remoteRecipients) {
            this(sender, localRecipients, remoteRecipients, Folder.INBOX);
        }

        public Envelope withRouting(Map<AccountId, List<Placement>> placements, List<Forward> forwards) {
            return new Envelope(sender, localRecipients, remoteRecipients, folder, placements, forwards);
        }

        public static Envelope local(Collection<AccountId> recipients) {
            return new Envelope("", List.copyOf(recipients), List.of());
        }
    }

    /**
     * The folder a delivery lands in for each local recipient: the INBOX, or the account's {@code \Junk} mailbox
     * (RFC 6154; a mailbox named {@code Junk} is used, or created with that attribute, when none has it).
     */
    enum Folder { INBOX, JUNK }

    /**
     * One copy for a local recipient: into {@code mailbox} (empty: the envelope's folder) with {@code flags}. A
     * mailbox that does not exist is created when {@code create}, else the copy goes to the INBOX (RFC 5228 §4.1:
     * a failed fileinto keeps the message).
     */
    record Placement(Optional<String> mailbox, Flags flags, boolean create) {
        public static final Placement FOLDER = new Placement(Optional.empty(), Flags.NONE, false);
    }

    /** A copy to send on: enqueued for {@code recipient} with {@code sender} as its reverse-path. */
    record Forward(String sender, String recipient) {
    }

    /** {@code queued}: ids of the outbound queue entries written for remote recipients. */
    record Delivery(List<Delivered> deliveries, List<Long> queued) {
    }

    record Delivered(AccountId account, MailboxId mailbox, long uid) {
    }

    /** {@code recentFrom}: the first UID whose \Recent the append claimed for its caller, 0 when it claimed none. */
    record Appended(MailboxId mailbox, long uidValidity, long uid, long recentFrom) {
    }

    /** One message of {@link #appendAll}. */
    record NewMessage(MessageSource raw, Flags flags, Optional<Instant> internalDate) {
    }

    /** {@code uids.get(i)} is the UID of the i-th message appended; {@code recentFrom} as in {@link Appended}. */
    record AppendedAll(MailboxId mailbox, long uidValidity, List<Long> uids, long recentFrom) {
        public AppendedAll {
            uids = List.copyOf(uids);
        }
    }

    /** {@code sourceUids.get(i)} became {@code targetUids.get(i)}. */
    record Copied(MailboxId target, long targetUidValidity, List<Long> sourceUids, List<Long> targetUids) {
    }

    /**
     * {@code updated}: messages after the change. {@code modifiedSkipped}: UIDs that failed UNCHANGEDSINCE.
     * {@code rewrittenFrom}: the rows the change rewrote, as they were before it (their modseq tells whether another
     * session had changed them since the caller last looked: the rewrite gives them the caller's modseq).
     */
    record FlagUpdate(List<MessageRef> updated, List<Long> modifiedSkipped, List<MessageRef> rewrittenFrom) {
    }
}
