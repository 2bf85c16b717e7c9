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

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

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
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidRange;
import dev.mailwright.store.UidSet;

/**
 * SEARCH and UID SEARCH: flags, sets, sizes and dates from the message list; BODY/TEXT from the store's
 * text index; header keys from each message's header, decoded and compared case-insensitively.
 */
final class SearchProcessor {
    private static final int MAX_HEADER = 256 * 1024;

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
        Map<TextContains, Set<Long>> textHits = new HashMap<>();
        boolean[] usesModSeq = {false};
        boolean needsMeta = visit(command.key(), key -> {
            if (key instanceof TextContains t && !textHits.containsKey(t)) {
                MailStore.SearchField field = switch (t.scope()) {
                    case BODY -> MailStore.SearchField.BODY;
                    case TEXT -> MailStore.SearchField.TEXT;
                };
                textHits.put(t, new HashSet<>(store.searchText(mailbox.id(), field, t.value())));
            }
            if (key instanceof ModSeqKey) {
                usesModSeq[0] = true;
            }
        });
        if (usesModSeq[0]) {
            ctx.enable(Extension.CONDSTORE);
        }
        List<Hit> found = new ArrayList<>();
        int size = mailbox.numbers().size();
        if (size > 0) {
            UidSet all = new UidSet(List.of(new UidRange(mailbox.numbers().uidAt(1), mailbox.numbers().maxUid())));
            Evaluator evaluator = new Evaluator(mailbox, textHits);
            if (needsMeta) {
                store.forEachMeta(mailbox.id(), all, meta -> evaluator.consider(
                        new Candidate(meta.uid(), meta.modseq(), meta.flags(), Optional.of(meta)), command, found, command.key()));
            } else {
                store.forEachMessage(mailbox.id(), ref -> evaluator.consider(
                        new Candidate(ref.uid(), ref.modseq(), ref.flags(), Optional.empty()), command, found, command.key()));
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
            case TextContains t -> false;
            case ModSeqKey m -> false;
        };
    }

    private record Candidate(long uid, long modseq, Flags flags, Optional<MessageMeta> meta) {
    }

    private final class Evaluator {
        private final SelectedMailbox mailbox;
        private final Map<TextContains, Set<Long>> textHits;
        private Map<String, List<String>> header;
        private long headerUid = -1;

        Evaluator(SelectedMailbox mailbox, Map<TextContains, Set<Long>> textHits) {
            this.mailbox = mailbox;
            this.textHits = textHits;
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
                case DateKey d -> date(d, c.meta().orElseThrow());
                case SizeKey s -> switch (s.relation()) {
                    case LARGER -> c.meta().orElseThrow().size() > s.size();
                    case SMALLER -> c.meta().orElseThrow().size() < s.size();
                };
                case HeaderContains h -> header(h, c);
                case TextContains t -> textHits.getOrDefault(t, Set.of()).contains(c.uid());
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

        private boolean date(DateKey key, MessageMeta meta) {
            Instant instant = switch (key.field()) {
                case INTERNAL -> meta.internalDate();
                case SENT -> meta.sentDate() != null ? meta.sentDate() : meta.internalDate();
            };
            LocalDate day = instant.atZone(ZoneOffset.UTC).toLocalDate();
            return switch (key.relation()) {
                case BEFORE -> day.isBefore(key.date());
                case ON -> day.equals(key.date());
                case SINCE -> !day.isBefore(key.date());
            };
        }

        private boolean header(HeaderContains key, Candidate c) {
            if (headerUid != c.uid()) {
                header = readHeader(c.meta().orElseThrow());
                headerUid = c.uid();
            }
            List<String> values = header.getOrDefault(key.field().toLowerCase(Locale.ROOT), List.of());
            String needle = key.value().toLowerCase(Locale.ROOT);
            return values.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(needle));
        }
    }

    private Map<String, List<String>> readHeader(MessageMeta meta) {
        byte[] raw;
        try (InputStream in = store.openMessage(meta.blobHash())) {
            raw = in.readNBytes((int) Math.min(meta.size(), MAX_HEADER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end >= 0) {
            text = text.substring(0, end);
        }
        Map<String, List<String>> fields = new HashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : text.split("\r?\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.trim());
                continue;
            }
            if (name != null) {
                fields.computeIfAbsent(name, k -> new ArrayList<>()).add(DecoderUtil.decodeEncodedWords(value.toString().trim(), DecodeMonitor.SILENT));
            }
            int colon = line.indexOf(':');
            name = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : null;
            value.setLength(0);
            if (colon > 0) {
                value.append(line.substring(colon + 1));
            }
        }
        if (name != null) {
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(DecoderUtil.decodeEncodedWords(value.toString().trim(), DecodeMonitor.SILENT));
        }
        return fields;
    }
}
