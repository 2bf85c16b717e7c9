package dev.mailwright.imap.processor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.mailwright.imap.command.MessageCommand.Numbering;
import dev.mailwright.imap.command.MessageCommand.Search;
import dev.mailwright.imap.command.MessageCommand.SearchReturn;
import dev.mailwright.imap.command.NumSet;
import dev.mailwright.imap.command.SearchKey;
import dev.mailwright.imap.command.SearchKey.*;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SearchResults;
import dev.mailwright.imap.session.SelectedMailbox;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.imap.processor.SearchAnswer.Hit;
import dev.mailwright.imap.processor.SearchAnswer.ModSeqReply;
import dev.mailwright.imap.session.SessionContext.Revision;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.Status;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.SearchRow;
import dev.mailwright.store.ingest.MessageParser;
import dev.mailwright.store.ingest.Mime4jMessageParser;
import dev.mailwright.store.ingest.ParsedMessage;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidRange;
import dev.mailwright.store.UidSet;

/**
 * SEARCH and UID SEARCH: flags, sets, sizes and dates from the message list; BODY/TEXT narrowed by the store's
 * text column and decided with the header; header keys and sent dates from each message's header, decoded and
 * compared case-insensitively.
 */
final class SearchProcessor {
    private static final int MAX_HEADER = 256 * 1024;
    /** The zone of internal dates in SEARCH, as in FETCH INTERNALDATE. */
    private static final java.time.ZoneId SERVER_ZONE = ZoneOffset.UTC;

    private final MailStore store;

    SearchProcessor(MailStore store) {
        this.store = store;
    }

    Outcome search(Search command, ImapState.Selected state, SessionContext ctx) throws IOException {
        SelectedMailbox mailbox = state.mailbox();
        Set<SearchReturn> returns = command.returns().orElse(Set.of());
        SearchResults results = mailbox.searchResults();
        refuseTagInUse(command.tag(), returns, mailbox);
        if (!returns.contains(SearchReturn.SAVE)) {
            return run(command, state, ctx, returns);
        }
        try {
            return run(command, state, ctx, returns);   // the criteria may use "$" as it was: it changes only at the end
        } catch (RuntimeException e) {
            if (!(e instanceof ImapException refused && refused.status() == Status.BAD)) {
                results.save(UidSet.EMPTY);   // a SEARCH ... SAVE that fails with NO leaves $ empty (RFC 5182 §2.1)
            }
            throw e;
        }
    }

    private Outcome run(Search command, ImapState.Selected state, SessionContext ctx, Set<SearchReturn> returns)
            throws IOException {
        SelectedMailbox mailbox = state.mailbox();
        SearchResults results = mailbox.searchResults();
        requireKnownCharset(command.charset());
        refuseLongStrings(command.key(), ctx.properties().imapLimits().maxSearchStringLength());
        if (ctx.revision() == Revision.REV2) {
            refuseRecentKeys(command.key());
        }
        boolean usesModSeq = uses(command.key(), ModSeqKey.class);
        if (usesModSeq) {
            CondStoreEnabling.enable(state, ctx);
        }
        List<Hit> found = evaluate(command.key(), mailbox, Optional.empty(), ctx);
        ModSeqReply modseq = usesModSeq ? ModSeqReply.INCLUDE : ModSeqReply.OMIT;
        if (command.returns().isEmpty() && ctx.revision() == Revision.REV2) {
            // RFC 9051 §6.4.4: the answer is ESEARCH, with ALL when no RETURN options were given
            ctx.send(SearchAnswer.extended(command, Set.of(SearchReturn.ALL), found, modseq));
            return Outcome.ok(state, "SEARCH completed");
        }
        if (command.returns().isEmpty()) {
            ctx.send(new ImapResponse.SearchResult(found.stream().map(h -> SearchAnswer.number(command, h)).toList(),
                    modseq == ModSeqReply.INCLUDE ? found.stream().map(Hit::modseq).max(Long::compare) : Optional.empty()));
            return Outcome.ok(state, "SEARCH completed");
        }
        if (SearchAnswer.answers(returns)) {
            ctx.send(SearchAnswer.extended(command, returns, found, modseq));
        }
        if (returns.contains(SearchReturn.SAVE)) {
            results.save(SearchAnswer.saved(command, returns, found));
        }
        if (returns.contains(SearchReturn.UPDATE)) {
            return keepUpdated(command, state, ctx, found);
        }
        return Outcome.ok(state, returns.contains(SearchReturn.SAVE) ? "SEARCH completed, result saved" : "SEARCH completed");
    }

    /**
     * RETURN (UPDATE): the search is kept and re-run as messages arrive, change flags or go (RFC 5267 §4.3), up to
     * {@code max-search-updates} searches per selection and {@code max-search-update-results} matches each; past
     * either, the answer still comes, with an untagged {@code NO [NOUPDATE "tag"]} (§4.3.1).
     */
    private Outcome keepUpdated(Search command, ImapState.Selected state, SessionContext ctx, List<Hit> found)
            throws IOException {
        return keepUpdated(command.tag(), command.numbering(), command.key(), found.stream().map(Hit::uid).toList(),
                Optional.empty(), "SEARCH completed", state, ctx);
    }

    /**
     * Keeps a SEARCH or (with {@code sorter}, CONTEXT=SORT) a SORT up to date; {@code found} is its result now, in
     * the order the answer gave. {@code done} is the tagged OK's text, to which whether updates follow is added.
     */
    Outcome keepUpdated(String tag, Numbering numbering, SearchKey key, List<Long> found,
                        Optional<SearchResults.Sorter> sorter, String done, ImapState.Selected state, SessionContext ctx)
            throws IOException {
        SelectedMailbox mailbox = state.mailbox();
        MailwrightProperties.ImapLimits limits = ctx.properties().imapLimits();
        Optional<String> refusal = Optional.empty();
        if (mailbox.searchResults().keptCount() >= limits.maxSearchUpdates()) {
            refusal = Optional.of("Too many searches kept up to date, at most " + limits.maxSearchUpdates());
        } else if (found.size() > limits.maxSearchUpdateResults()) {
            refusal = Optional.of("Too many matches to keep up to date, at most " + limits.maxSearchUpdateResults());
        }
        if (refusal.isPresent()) {
            ctx.send(new ImapResponse.StatusLine(Status.NO, Optional.of("NOUPDATE \"" + tag + "\""), refusal.get()));
            return Outcome.ok(state, done + ", will not notify");
        }
        NumSet.Form form = switch (numbering) {
            case SEQUENCE -> NumSet.Form.SEQUENCE;
            case UID -> NumSet.Form.UID;
        };
        SearchResults.Reach reach = positional(key) ? SearchResults.Reach.WHOLE_MAILBOX
                : SearchResults.Reach.CHANGED_MESSAGES;
        SearchResults.Matcher matcher = among -> evaluate(key, mailbox, among, ctx).stream().map(Hit::uid).toList();
        if (sorter.isPresent()) {
            mailbox.searchResults().keepSorted(tag, form, reach, matcher, sorter.get(), limits.maxSearchUpdateResults(), found);
        } else {
            mailbox.searchResults().keep(tag, form, reach, matcher, limits.maxSearchUpdateResults(), found);
        }
        return Outcome.ok(state, done + ", will notify");
    }

    /** RFC 5267 §4.3: UPDATE with the tag of a search still kept up to date is BAD. */
    static void refuseTagInUse(String tag, Set<SearchReturn> returns, SelectedMailbox mailbox) {
        if (returns.contains(SearchReturn.UPDATE) && mailbox.searchResults().keeps(tag)) {
            throw ImapException.bad("Tag " + tag + " already names a search kept up to date");
        }
    }

    /** Whether the key names messages by position or by the saved result, which change without the message changing. */
    private static boolean positional(SearchKey key) {
        boolean[] found = {false};
        visit(key, k -> {
            if (k instanceof InSet i && (i.set().form() == NumSet.Form.SEQUENCE || i.set() instanceof NumSet.SavedResult
                    || i.set().ranges().stream().anyMatch(r -> r.first() == NumSet.STAR || r.last() == NumSet.STAR))) {
                found[0] = true;
            }
        });
        return found[0];
    }

    private static boolean uses(SearchKey key, Class<? extends SearchKey> kind) {
        boolean[] found = {false};
        visit(key, k -> found[0] |= kind.isInstance(k));
        return found[0];
    }

    /**
     * The messages this session announced (all, or those in {@code among}) that match {@code key}, in mailbox order.
     * The search index narrows the candidates first (SearchNarrowing); only those are read and decided.
     */
    private List<Hit> evaluate(SearchKey key, SelectedMailbox mailbox, Optional<UidSet> among, SessionContext ctx) {
        List<Hit> found = new ArrayList<>();
        if (mailbox.numbers().size() == 0) {
            return found;
        }
        SearchNarrowing narrowing = new SearchNarrowing(store, mailbox.id(), key);
        boolean needsMeta = visit(key, k -> { });
        Optional<Set<Long>> candidates = narrowing.candidates(key);
        UidSet scope = among.orElseGet(() ->
                new UidSet(List.of(new UidRange(mailbox.numbers().uidAt(1), mailbox.numbers().maxUid()))));
        Evaluator evaluator = new Evaluator(mailbox, narrowing, new Mime4jMessageParser(ctx.properties()));
        if (candidates.isPresent()) {
            java.util.TreeSet<Long> narrowed = new java.util.TreeSet<>();
            for (long uid : candidates.get()) {
                if (scope.contains(uid)) {
                    narrowed.add(uid);
                }
            }
            scope = UidSet.of(narrowed);
            if (!usesModSeq(key)) {
                scope = decideWithoutRows(evaluator, key, narrowed, found);
            }
        }
        if (scope.isEmpty()) {
            found.sort(java.util.Comparator.comparingLong(Hit::uid));
            return found;
        }
        java.util.function.LongPredicate admitted = uid -> candidates.map(c -> c.contains(uid)).orElse(true);
        if (needsMeta) {
            store.forEachSearchRow(mailbox.viewer(), mailbox.id(), scope, readsHeader(key), row -> {
                if (admitted.test(row.uid())) {
                    evaluator.consider(new Candidate(row.uid(), row.modseq(), row.flags(), Optional.of(row)), found, key);
                }
            });
        } else {
            store.forEachMessage(mailbox.viewer(), mailbox.id(), scope, ref -> {
                if (admitted.test(ref.uid())) {
                    evaluator.consider(new Candidate(ref.uid(), ref.modseq(), ref.flags(), Optional.empty()), found, key);
                }
            });
        }
        found.sort(java.util.Comparator.comparingLong(Hit::uid));
        return found;
    }

    /**
     * Decides each candidate the index already decides (Evaluator#withoutRow: a BODY/TEXT column hit, a header the
     * index rules out, sets, \Recent) and returns the UIDs still undecided, whose rows must be read. A search for
     * a common word (10,000 hits in 100,000 messages) then reads no message row at all. Not used when the answer
     * reports MODSEQ, which only the row has.
     */
    private static UidSet decideWithoutRows(Evaluator evaluator, SearchKey key, java.util.SortedSet<Long> narrowed,
                                            List<Hit> found) {
        List<Long> undecided = new ArrayList<>();
        for (long uid : narrowed) {
            int msn = evaluator.mailbox.numbers().msnOf(uid);
            if (msn == 0) {
                continue;
            }
            Boolean known = evaluator.withoutRow(key, uid, msn);
            if (known == null) {
                undecided.add(uid);
            } else if (known) {
                found.add(new Hit(uid, msn, 0));
            }
        }
        return UidSet.of(undecided);
    }

    /**
     * The messages matching {@code key}, ascending by UID: the set SORT and THREAD order (RFC 5256 §3). Checks the
     * charset (NO [BADCHARSET]) and the string limits first, as SEARCH does.
     */
    List<Hit> matching(Optional<String> charset, SearchKey key, ImapState.Selected state, SessionContext ctx)
            throws IOException {
        requireKnownCharset(charset);
        refuseLongStrings(key, ctx.properties().imapLimits().maxSearchStringLength());
        if (usesModSeq(key)) {
            CondStoreEnabling.enable(state, ctx);
        }
        return evaluate(key, state.mailbox(), Optional.empty(), ctx);
    }

    /** UTF-8 and US-ASCII, else {@code NO [BADCHARSET]} (RFC 3501 §6.4.4). */
    static void requireKnownCharset(Optional<String> charset) {
        if (charset.isPresent()) {
            String name = charset.get().toUpperCase(Locale.ROOT);
            if (!name.equals("UTF-8") && !name.equals("US-ASCII")) {
                throw ImapException.no("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
            }
        }
    }

    /** Whether the criteria use MODSEQ (RFC 7162 §3.1.5), which the answer then reports. */
    static boolean usesModSeq(SearchKey key) {
        return uses(key, ModSeqKey.class);
    }

    /**
     * Substring search costs the text's length times the string's in the worst case (here and in the database's
     * LIKE), so a string longer than any real search term is refused with {@code NO [LIMIT]}.
     */
    private static void refuseLongStrings(SearchKey key, int maxLength) {
        visit(key, k -> {
            int length = switch (k) {
                case TextContains t -> t.value().length();
                case HeaderContains h -> Math.max(h.field().length(), h.value().length());
                default -> 0;
            };
            if (length > maxLength) {
                throw ImapException.no(ImapResponses.CODE_LIMIT, "Search strings are limited to " + maxLength + " characters");
            }
        });
    }

    /** RFC 9051 has no \Recent: its SEARCH grammar has no RECENT, NEW or OLD (Appendix E). */
    private static void refuseRecentKeys(SearchKey key) {
        visit(key, k -> {
            if (k instanceof Recent || k instanceof New
                    || k instanceof HasFlag f && f.flag().equalsIgnoreCase("\\Recent")) {
                throw ImapException.bad("RECENT, NEW and OLD are not part of IMAP4rev2 SEARCH");
            }
        });
    }

    /** Calls {@code action} on every key in the tree; returns whether any key needs message metadata. */
    private static boolean visit(SearchKey key, java.util.function.Consumer<SearchKey> action) {
        action.accept(key);
        return switch (key) {
            case And a -> a.keys().stream().map(k -> visit(k, action)).reduce(false, Boolean::logicalOr);
            case Or o -> visit(o.left(), action) | visit(o.right(), action);
            case Not n -> visit(n.key(), action);
            case DateKey d -> true;
            case SizeKey s -> true;
            case HeaderContains h -> true;
            case All a -> false;
            case InSet i -> false;
            case HasFlag f -> false;
            case Recent r -> false;
            case New n -> false;
            case TextContains t -> true;
            case ModSeqKey m -> false;
            case ObjectIdKey o -> true;
        };
    }

    private record Candidate(long uid, long modseq, Flags flags, Optional<SearchRow> meta) {
    }

    /** Whether deciding {@code key} may need a message's header: then the store's exact header text is read along. */
    private static boolean readsHeader(SearchKey key) {
        boolean[] found = {false};
        visit(key, k -> found[0] |= k instanceof HeaderContains || k instanceof TextContains
                || k instanceof DateKey d && d.field() == DateField.SENT);
        return found[0];
    }

    private final class Evaluator {
        private final SelectedMailbox mailbox;
        private final SearchNarrowing narrowing;
        private final MessageParser parser;
        private SearchableHeader header;
        private long headerUid = -1;

        Evaluator(SelectedMailbox mailbox, SearchNarrowing narrowing, MessageParser parser) {
            this.mailbox = mailbox;
            this.narrowing = narrowing;
            this.parser = parser;
        }

        private SearchableHeader headerOf(Candidate c) {
            if (headerUid != c.uid()) {
                SearchRow row = c.meta().orElseThrow();
                header = row.header().map(SearchableHeader::ofStored).orElseGet(() -> readHeader(row));
                headerUid = c.uid();
            }
            return header;
        }

        void consider(Candidate c, List<Hit> found, SearchKey key) {
            int msn = mailbox.numbers().msnOf(c.uid());
            if (msn == 0 || !matches(key, c, msn)) {
                return;
            }
            found.add(new Hit(c.uid(), msn, c.modseq()));
        }

        private boolean matches(SearchKey key, Candidate c, int msn) {
            return switch (key) {
                case All a -> true;
                case And a -> a.keys().stream().allMatch(k -> matches(k, c, msn));
                case Or o -> matches(o.left(), c, msn) || matches(o.right(), c, msn);
                case Not n -> !matches(n.key(), c, msn);
                case InSet i -> inSet(i.set(), c.uid(), msn);
                case HasFlag f -> hasFlag(c, f.flag());
                case Recent r -> mailbox.isRecent(c.uid());
                case New n -> mailbox.isRecent(c.uid()) && !c.flags().has(SystemFlag.SEEN);
                case DateKey d -> date(d, c);
                case SizeKey s -> switch (s.relation()) {
                    case LARGER -> c.meta().orElseThrow().size() > s.size();
                    case SMALLER -> c.meta().orElseThrow().size() < s.size();
                };
                case HeaderContains h -> header(h, c);
                case TextContains t -> text(t, c);
                case ModSeqKey m -> c.modseq() >= m.modseq();
                case ObjectIdKey o -> switch (o.kind()) {
                    case EMAIL -> c.meta().orElseThrow().emailId().equals(o.id());
                    case THREAD -> c.meta().orElseThrow().threadId().equals(o.id());
                };
            };
        }

        /**
         * Three-valued: whether {@code key} matches the message as far as the search index and the session decide it
         * without the message's row, or null when that takes the row (flags, dates, sizes, a header the index cannot
         * rule out). Every answer here is the one {@link #matches} would give.
         */
        Boolean withoutRow(SearchKey key, long uid, int msn) {
            return switch (key) {
                case All a -> true;
                case And a -> {
                    boolean unknown = false;
                    for (SearchKey k : a.keys()) {
                        Boolean one = withoutRow(k, uid, msn);
                        if (one == null) {
                            unknown = true;
                        } else if (!one) {
                            yield false;
                        }
                    }
                    yield unknown ? null : true;
                }
                case Or o -> {
                    Boolean left = withoutRow(o.left(), uid, msn);
                    if (Boolean.TRUE.equals(left)) {
                        yield true;
                    }
                    Boolean right = withoutRow(o.right(), uid, msn);
                    if (Boolean.TRUE.equals(right)) {
                        yield true;
                    }
                    yield left == null || right == null ? null : false;
                }
                case Not n -> {
                    Boolean inner = withoutRow(n.key(), uid, msn);
                    yield inner == null ? null : !inner;
                }
                case InSet i -> inSet(i.set(), uid, msn);
                case Recent r -> mailbox.isRecent(uid);
                case New n -> mailbox.isRecent(uid) ? null : false;
                case HasFlag f -> f.flag().equalsIgnoreCase("\\Recent") ? mailbox.isRecent(uid) : null;
                case TextContains t when t.scope() == TextScope.TEXT -> narrowing.columnHit(t, uid) ? Boolean.TRUE
                        : narrowing.headerCandidate(t, uid) ? null : Boolean.FALSE;
                // BODY: the column (text parts and the indexed header fields) must hold it; if the header cannot,
                // the text parts do (text(): the header is read only to tell the two apart)
                case TextContains t -> !narrowing.columnHit(t, uid) ? Boolean.FALSE
                        : narrowing.headerCandidate(t, uid) ? null : Boolean.TRUE;
                case HeaderContains h -> narrowing.headerDecided(h, uid);
                default -> null;
            };
        }

        private boolean hasFlag(Candidate c, String flag) {
            if (flag.equalsIgnoreCase("\\Recent")) {
                return mailbox.isRecent(c.uid());
            }
            Flags wanted = Flags.parse(List.of(flag));
            return c.flags().system().containsAll(wanted.system())
                    && wanted.keywords().stream().allMatch(c.flags()::hasKeyword);
        }

        private boolean inSet(NumSet set, long uid, int msn) {
            return switch (set) {
                case NumSet.SavedResult saved -> mailbox.searchResults().saved().contains(uid);
                case NumSet.Uids u -> u.contains(uid, mailbox.numbers().maxUid());
                case NumSet.Sequence q -> q.contains(msn, mailbox.numbers().size());
            };
        }

        /**
         * RFC 3501 §6.4.4: BODY is the body alone, TEXT the header and the body. The store's column (the indexed
         * header fields and the decoded text parts) narrows; the header read from the blob decides.
         */
        private boolean text(TextContains key, Candidate c) {
            boolean columnHit = narrowing.columnHit(key, c.uid());
            String needle = key.value().toLowerCase(Locale.ROOT);
            return switch (key.scope()) {
                case TEXT -> columnHit || (narrowing.headerCandidate(key, c.uid()) && headerOf(c).anyFieldContains(needle));
                case BODY -> columnHit && (!narrowing.headerCandidate(key, c.uid())
                        || !headerOf(c).indexedFieldsContain(needle)
                        || bodyContains(c.meta().orElseThrow(), needle, parser));
            };
        }

        /**
         * Internal dates compare as days in the server's time zone, UTC, the zone FETCH INTERNALDATE shows; sent
         * dates compare the day written in {@code Date:}, its time and zone ignored (RFC 3501 §6.4.4), or the
         * internal date's day when there is no readable {@code Date:}.
         */
        private boolean date(DateKey key, Candidate c) {
            SearchRow meta = c.meta().orElseThrow();
            LocalDate internalDay = meta.internalDate().atZone(SERVER_ZONE).toLocalDate();
            LocalDate day = switch (key.field()) {
                case INTERNAL -> internalDay;
                case SENT -> headerOf(c).writtenDate().orElse(internalDay);
                // RFC 8514: like the internal date, a day in the server's zone
                case SAVED -> meta.saveDate() == null ? internalDay : meta.saveDate().atZone(SERVER_ZONE).toLocalDate();
            };
            return switch (key.relation()) {
                case BEFORE -> day.isBefore(key.date());
                case ON -> day.equals(key.date());
                case SINCE -> !day.isBefore(key.date());
            };
        }

        private boolean header(HeaderContains key, Candidate c) {
            Boolean decided = narrowing.headerDecided(key, c.uid());
            return decided != null ? decided : headerOf(c).fieldContains(key.field(), key.value().toLowerCase(Locale.ROOT));
        }
    }

    private SearchableHeader readHeader(SearchRow meta) {
        try (InputStream in = store.openMessage(meta.blobHash())) {
            return SearchableHeader.parse(in.readNBytes((int) Math.min(meta.size(), MAX_HEADER)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the decoded text parts of the message contain {@code needle}: the message is parsed again as ingest
     * parsed it, without the header fields whose text the search column holds besides the body, so that what
     * remains of the column is the body alone. Only asked of messages the column matched whose header also does.
     */
    private boolean bodyContains(SearchRow meta, String needle, MessageParser parser) {
        byte[] raw;
        try (InputStream in = store.openMessage(meta.blobHash())) {
            raw = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ParsedMessage parsed = parser.parse(MessageSource.of(withoutIndexedFields(raw)));
        return parsed.searchText().toLowerCase(Locale.ROOT).contains(needle);
    }

    private static final Set<String> INDEXED_FIELDS = Set.of("from", "to", "cc", "bcc", "subject");

    /** The message with its top-level From, To, Cc, Bcc and Subject fields (and their folded lines) left out. */
    static byte[] withoutIndexedFields(byte[] raw) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length);
        int i = 0;
        boolean dropping = false;
        while (i < raw.length) {
            int lineEnd = i;
            while (lineEnd < raw.length && raw[lineEnd] != '\n') {
                lineEnd++;
            }
            int next = Math.min(raw.length, lineEnd + 1);
            boolean empty = lineEnd == i || (lineEnd == i + 1 && raw[i] == '\r');
            if (empty) {
                out.write(raw, i, raw.length - i);   // the body, untouched
                return out.toByteArray();
            }
            boolean continuation = raw[i] == ' ' || raw[i] == '\t';
            if (!continuation) {
                int colon = i;
                while (colon < lineEnd && raw[colon] != ':') {
                    colon++;
                }
                String name = new String(raw, i, colon - i, StandardCharsets.ISO_8859_1).trim().toLowerCase(Locale.ROOT);
                dropping = colon < lineEnd && INDEXED_FIELDS.contains(name);
            }
            if (!dropping) {
                out.write(raw, i, next - i);
            }
            i = next;
        }
        return out.toByteArray();
    }
}
