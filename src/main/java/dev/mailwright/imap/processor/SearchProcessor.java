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
import dev.mailwright.imap.session.FlagNames;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SelectedMailbox;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.session.SessionContext.Extension;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.MessageSource;
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
        if (command.charset().isPresent()) {
            String charset = command.charset().get().toUpperCase(Locale.ROOT);
            if (!charset.equals("UTF-8") && !charset.equals("US-ASCII")) {
                throw ImapException.no("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
            }
        }
        refuseLongStrings(command.key(), ctx.properties().imapLimits().maxSearchStringLength());
        SelectedMailbox mailbox = state.mailbox();
        SearchNarrowing narrowing = new SearchNarrowing(store, mailbox.id(), command.key());
        boolean[] usesModSeq = {false};
        boolean needsMeta = visit(command.key(), key -> {
            if (key instanceof ModSeqKey) {
                usesModSeq[0] = true;
            }
        });
        if (usesModSeq[0]) {
            CondStoreEnabling.enable(state, ctx);
        }
        List<Hit> found = new ArrayList<>();
        int size = mailbox.numbers().size();
        // only the messages the search index leaves as candidates are read and decided
        Optional<Set<Long>> candidates = narrowing.candidates(command.key());
        java.util.function.LongPredicate admitted = uid -> candidates.map(c -> c.contains(uid)).orElse(true);
        if (size > 0 && !candidates.map(Set::isEmpty).orElse(false)) {
            UidSet scope = candidates.map(c -> UidSet.of(new java.util.TreeSet<>(c)))
                    .orElseGet(() -> new UidSet(List.of(new UidRange(mailbox.numbers().uidAt(1), mailbox.numbers().maxUid()))));
            Evaluator evaluator = new Evaluator(mailbox, narrowing, new Mime4jMessageParser(ctx.properties()));
            if (needsMeta) {
                store.forEachMeta(mailbox.id(), scope, meta -> {
                    if (admitted.test(meta.uid())) {
                        evaluator.consider(new Candidate(meta.uid(), meta.modseq(), meta.flags(), Optional.of(meta)),
                                command, found, command.key());
                    }
                });
            } else {
                store.forEachMessage(mailbox.id(), ref -> {
                    if (admitted.test(ref.uid())) {
                        evaluator.consider(new Candidate(ref.uid(), ref.modseq(), ref.flags(), Optional.empty()),
                                command, found, command.key());
                    }
                });
            }
        }
        found.sort(java.util.Comparator.comparingLong(Hit::number));
        ModSeqReply modseq = usesModSeq[0] ? ModSeqReply.INCLUDE : ModSeqReply.OMIT;
        if (command.returns().isPresent()) {
            ctx.send(extended(command, command.returns().get(), found, modseq));
        } else {
            ctx.send(new ImapResponse.SearchResult(found.stream().map(Hit::number).toList(),
                    modseq == ModSeqReply.INCLUDE ? highestModseq(found) : Optional.empty()));
        }
        return Outcome.ok(state, "SEARCH completed");
    }

    private enum ModSeqReply { INCLUDE, OMIT }

    /** One matching message: its number as answered (MSN or UID) and its modseq. */
    private record Hit(long number, long modseq) {
    }

    private static Optional<Long> highestModseq(List<Hit> hits) {
        return hits.stream().map(Hit::modseq).max(Long::compare);
    }

    /** RFC 4731 §3.2; with RFC 7162 §3.1.5 the MODSEQ is of the messages the answer names (only MIN/MAX: just those). */
    private static ImapResponse.ExtendedSearch extended(Search command, Set<SearchReturn> returns, List<Hit> found,
                                                        ModSeqReply modseq) {
        List<ImapResponse.SearchData> data = new ArrayList<>();
        List<Hit> named = new ArrayList<>();
        if (!found.isEmpty()) {
            if (returns.contains(SearchReturn.MIN)) {
                data.add(new ImapResponse.SearchData("MIN", Long.toString(found.getFirst().number())));
                named.add(found.getFirst());
            }
            if (returns.contains(SearchReturn.MAX)) {
                data.add(new ImapResponse.SearchData("MAX", Long.toString(found.getLast().number())));
                named.add(found.getLast());
            }
        }
        if (returns.contains(SearchReturn.COUNT)) {
            data.add(new ImapResponse.SearchData("COUNT", Long.toString(found.size())));
        }
        if (!found.isEmpty() && returns.contains(SearchReturn.ALL)) {
            data.add(new ImapResponse.SearchData("ALL", UidSet.of(found.stream().map(Hit::number).toList()).toImapString()));
        }
        if (returns.contains(SearchReturn.ALL) || returns.contains(SearchReturn.COUNT)) {
            named = found;
        }
        if (modseq == ModSeqReply.INCLUDE) {
            highestModseq(named).ifPresent(m -> data.add(new ImapResponse.SearchData("MODSEQ", Long.toString(m))));
        }
        ImapResponse.ExtendedSearch.Numbering numbering = switch (command.numbering()) {
            case SEQUENCE -> ImapResponse.ExtendedSearch.Numbering.SEQUENCE;
            case UID -> ImapResponse.ExtendedSearch.Numbering.UID;
        };
        return new ImapResponse.ExtendedSearch(command.tag(), numbering, data);
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
        };
    }

    private record Candidate(long uid, long modseq, Flags flags, Optional<MessageMeta> meta) {
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
                header = readHeader(c.meta().orElseThrow());
                headerUid = c.uid();
            }
            return header;
        }

        void consider(Candidate c, Search command, List<Hit> found, SearchKey key) {
            int msn = mailbox.numbers().msnOf(c.uid());
            if (msn == 0 || !matches(key, c, msn)) {
                return;
            }
            found.add(new Hit(command.numbering() == Numbering.UID ? c.uid() : msn, c.modseq()));
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
            };
        }

        private boolean hasFlag(Candidate c, String flag) {
            if (flag.equalsIgnoreCase("\\Recent")) {
                return mailbox.isRecent(c.uid());
            }
            Flags wanted = FlagNames.parse(List.of(flag));
            return c.flags().system().containsAll(wanted.system())
                    && wanted.keywords().stream().allMatch(c.flags()::hasKeyword);
        }

        private boolean inSet(NumSet set, long uid, int msn) {
            long value = set instanceof NumSet.Uids ? uid : msn;
            long star = set instanceof NumSet.Uids ? mailbox.numbers().maxUid() : mailbox.numbers().size();
            return set.contains(value, star);
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
                case BODY -> columnHit && (!headerOf(c).indexedFieldsContain(needle)
                        || bodyContains(c.meta().orElseThrow(), needle, parser));
            };
        }

        /**
         * Internal dates compare as days in the server's time zone, UTC, the zone FETCH INTERNALDATE shows; sent
         * dates compare the day written in {@code Date:}, its time and zone ignored (RFC 3501 §6.4.4), or the
         * internal date's day when there is no readable {@code Date:}.
         */
        private boolean date(DateKey key, Candidate c) {
            MessageMeta meta = c.meta().orElseThrow();
            LocalDate internalDay = meta.internalDate().atZone(SERVER_ZONE).toLocalDate();
            LocalDate day = switch (key.field()) {
                case INTERNAL -> internalDay;
                case SENT -> headerOf(c).writtenDate().orElse(internalDay);
            };
            return switch (key.relation()) {
                case BEFORE -> day.isBefore(key.date());
                case ON -> day.equals(key.date());
                case SINCE -> !day.isBefore(key.date());
            };
        }

        private boolean header(HeaderContains key, Candidate c) {
            return narrowing.headerCandidate(key, c.uid())
                    && headerOf(c).fieldContains(key.field(), key.value().toLowerCase(Locale.ROOT));
        }
    }

    private SearchableHeader readHeader(MessageMeta meta) {
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
    private boolean bodyContains(MessageMeta meta, String needle, MessageParser parser) {
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
