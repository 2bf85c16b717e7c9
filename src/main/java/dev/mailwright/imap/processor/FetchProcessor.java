package dev.mailwright.imap.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.mailwright.imap.command.FetchItem;
import dev.mailwright.imap.command.MailboxCommand.SelectMode;
import dev.mailwright.imap.command.MessageCommand;
import dev.mailwright.imap.command.MessageCommand.Fetch;
import dev.mailwright.imap.command.NumSet;
import dev.mailwright.imap.session.FlagNames;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SelectedMailbox;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.session.SessionContext.Extension;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.ImapResponse.FetchValue;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;

/**
 * FETCH and UID FETCH. Flag-only fetches read the narrow message list; everything else reads metadata
 * and streams bodies from the blob store as literals.
 */
final class FetchProcessor {
    private final MailStore store;
    private final BodySections sections;
    private final BinarySections binaries;

    FetchProcessor(MailStore store) {
        this.store = store;
        this.sections = new BodySections(store);
        this.binaries = new BinarySections(sections);
    }

    Outcome fetch(Fetch command, ImapState.Selected state, SessionContext ctx) throws IOException {
        SelectedMailbox mailbox = state.mailbox();
        SelectedMailbox.Resolution resolution = mailbox.resolve(command.messages());
        if (resolution.validity() == SelectedMailbox.Validity.OUT_OF_RANGE) {
            throw ImapResponses.badSequence();
        }
        List<FetchItem> items = new ArrayList<>(command.items());
        if (command.messages().form() == NumSet.Form.UID && !items.contains(new FetchItem.Uid())) {
            items.addFirst(new FetchItem.Uid());
        }
        if (command.changedSince().isPresent() || items.contains(new FetchItem.ModSeq())) {
            CondStoreEnabling.enable(state, ctx);
            if (!items.contains(new FetchItem.ModSeq())) {
                items.add(new FetchItem.ModSeq());
            }
        }
        if (command.vanished() == MessageCommand.Vanished.REPORT) {
            if (!ctx.isEnabled(Extension.QRESYNC)) {
                throw ImapException.bad("VANISHED needs ENABLE QRESYNC first");
            }
            // RFC 7162 §3.2.6: UIDs of the requested set removed since CHANGEDSINCE, before the FETCH responses
            List<Long> vanished = store.expungedSince(mailbox.id(), command.changedSince().orElseThrow()).stream()
                    .filter(uid -> command.messages().contains(uid, Long.MAX_VALUE)).toList();
            if (!vanished.isEmpty()) {
                ctx.send(new ImapResponse.Vanished(ImapResponse.Vanished.When.EARLIER, UidSet.of(vanished).toImapString()));
            }
        }
        UidSet uids = resolution.uids();
        if (command.partial().isPresent()) {
            uids = window(command, uids, mailbox);
        }
        if (uids.isEmpty()) {
            return Outcome.ok(state, "FETCH completed");
        }
        boolean setsSeen = mailbox.mode() == SelectMode.READ_WRITE && mailbox.sharedRights().mayKeepSeen()
                && items.stream().anyMatch(FetchProcessor::setsSeen);
        if (setsSeen) {
            MailStore.FlagUpdate update = store.updateFlags(state.account().id(), mailbox.id(), uids, MailStore.FlagChange.ADD,
                    Flags.of(SystemFlag.SEEN), Optional.empty());
            update.updated().forEach(ref -> mailbox.reportedOwnChange(ref.uid(), ref.modseq()));
            if (!items.contains(new FetchItem.Flags())) {
                items.add(new FetchItem.Flags());
            }
        }
        long changedSince = command.changedSince().orElse(-1L);
        boolean needsMeta = items.stream().anyMatch(i -> !(i instanceof FetchItem.Flags || i instanceof FetchItem.Uid
                || i instanceof FetchItem.ModSeq));
        int[] found = {0};
        int[] lastMsn = {0};
        boolean needsBytes = items.stream().anyMatch(FetchProcessor::readsBytes);
        List<Long> unreadable = new ArrayList<>();
        try {
            if (needsMeta) {
                Consumer<MessageMeta> sendMeta = meta -> {
                    int msn = msnOf(mailbox, meta.uid(), lastMsn);
                    found[0] += msn > 0 ? 1 : 0;
                    if (meta.modseq() <= changedSince) {
                        return;
                    }
                    if (needsBytes && msn > 0 && !store.hasMessageBytes(meta.blobHash())) {
                        unreadable.add(meta.uid());   // no literal we could not deliver; the others go on
                        return;
                    }
                    write(mailbox, msn, meta.uid(), meta.modseq(), meta.flags(), Optional.of(meta), items, ctx);
                };
                if (needsBytes && changedSince < 0 && items.stream().allMatch(FetchProcessor::neverChanges)) {
                    store.forEachContentMeta(mailbox.viewer(), mailbox.id(), uids, sendMeta);
                } else if (needsBytes) {
                    store.forEachMetaBeforeBytes(mailbox.viewer(), mailbox.id(), uids, sendMeta);
                } else {
                    store.forEachMeta(mailbox.viewer(), mailbox.id(), uids, sendMeta);
                }
            } else {
                store.forEachMessage(mailbox.viewer(), mailbox.id(), uids, ref -> {
                    int msn = msnOf(mailbox, ref.uid(), lastMsn);
                    found[0] += msn > 0 ? 1 : 0;
                    if (ref.modseq() > changedSince) {
                        write(mailbox, msn, ref.uid(), ref.modseq(), ref.flags(), Optional.empty(), items, ctx);
                    }
                });
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (!unreadable.isEmpty()) {
            // RFC 5530 CORRUPTION: the store lost these messages' bytes; the admin sees them in `admin check`
            throw ImapException.no("CORRUPTION", "The contents of " + unreadable.size() + " message(s) are missing from the store (UID "
                    + UidSet.of(unreadable).toImapString() + "); the other messages were sent");
        }
        if (found[0] < mailbox.countAnnounced(uids)) {
            // RFC 2180 §4.1.3, RFC 5530: another session expunged some; their data is gone, the rest was sent
            return Outcome.ok(state, ImapResponses.CODE_EXPUNGEISSUED, "Some messages were already expunged");
        }
        return Outcome.ok(state, "FETCH completed");
    }

    /**
     * RFC 9394 §3.3: only the messages at the PARTIAL positions among those the command would return, which with
     * CHANGEDSINCE are the ones changed since then (so {@code (CHANGEDSINCE m PARTIAL -1:-100)} is the last hundred
     * changes, not the changes among the last hundred messages).
     */
    private UidSet window(Fetch command, UidSet uids, SelectedMailbox mailbox) {
        MessageCommand.PartialRange range = command.partial().orElseThrow();
        if (command.changedSince().isEmpty()) {
            return mailbox.numbers().window(uids, range);
        }
        long since = command.changedSince().get();
        List<Long> changed = new ArrayList<>();
        store.forEachMessage(mailbox.viewer(), mailbox.id(), uids, ref -> {
            if (ref.modseq() > since && mailbox.numbers().contains(ref.uid())) {
                changed.add(ref.uid());
            }
        });
        changed.sort(null);
        return UidSet.of(SearchAnswer.partial(changed, range));
    }

    /** RFC 8970: at most 256 characters. The stored preview is already whitespace-collapsed (and usually shorter). */
    static String preview(String stored) {
        String text = stored == null ? "" : stored;
        if (text.codePointCount(0, text.length()) <= MAX_PREVIEW) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_PREVIEW));
    }

    private static final int MAX_PREVIEW = 256;

    /** Whether the item is served from the raw message bytes (the blob), not from the parsed columns. */
    private static boolean readsBytes(FetchItem item) {
        return item instanceof FetchItem.Section || item instanceof FetchItem.Rfc822
                || item instanceof FetchItem.Binary || item instanceof FetchItem.BinarySize;
    }

    /**
     * Whether the item is answered from what a placed message never changes: everything but its flags and modseq
     * (the message row is written once; only the search columns are filled in later).
     */
    private static boolean neverChanges(FetchItem item) {
        return switch (item) {
            case FetchItem.Flags f -> false;
            case FetchItem.ModSeq m -> false;
            case FetchItem.Uid u -> true;
            case FetchItem.InternalDate d -> true;
            case FetchItem.Rfc822Size s -> true;
            case FetchItem.Envelope e -> true;
            case FetchItem.BodyStructure b -> true;
            case FetchItem.Body b -> true;
            case FetchItem.SaveDate d -> true;
            case FetchItem.EmailId e -> true;
            case FetchItem.ThreadId t -> true;
            case FetchItem.Preview p -> true;
            case FetchItem.Rfc822 r -> true;
            case FetchItem.Section s -> true;
            case FetchItem.Binary b -> true;
            case FetchItem.BinarySize b -> true;
        };
    }

    private static boolean setsSeen(FetchItem item) {
        return switch (item) {
            case FetchItem.Section s -> s.peek() == FetchItem.Peek.SET_SEEN;
            case FetchItem.Rfc822 r -> r.part() != FetchItem.Rfc822Part.HEADER;
            case FetchItem.Binary b -> b.peek() == FetchItem.Peek.SET_SEEN;
            default -> false;
        };
    }

    /** The message's MSN, 0 when this session was not told of it; rows come in UID order (see {@code msnAfter}). */
    private static int msnOf(SelectedMailbox mailbox, long uid, int[] lastMsn) {
        int msn = mailbox.numbers().msnAfter(uid, lastMsn[0]);
        if (msn > 0) {
            lastMsn[0] = msn;
        }
        return msn;
    }

    private void write(SelectedMailbox mailbox, int msn, long uid, long modseq, Flags flags, Optional<MessageMeta> meta,
                       List<FetchItem> items, SessionContext ctx) {
        if (msn == 0) {
            return;   // not announced to this session (yet)
        }
        try {
            List<FetchValue> values = new ArrayList<>(items.size());
            for (FetchItem item : items) {
                values.add(value(item, uid, modseq, flags, mailbox, meta, ctx.revision()));
            }
            ctx.send(new ImapResponse.Fetched(msn, values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FetchValue value(FetchItem item, long uid, long modseq, Flags flags, SelectedMailbox mailbox,
                             Optional<MessageMeta> meta, SessionContext.Revision revision) throws IOException {
        return switch (item) {
            case FetchItem.Flags f -> new ImapResponse.FlagsValue(FlagNames.of(flags, mailbox.isRecent(uid)));
            case FetchItem.Uid u -> new ImapResponse.UidValue(uid);
            case FetchItem.ModSeq m -> new ImapResponse.ModSeqValue(modseq);
            case FetchItem.InternalDate d -> new ImapResponse.InternalDateValue(meta.orElseThrow().internalDate());
            case FetchItem.Rfc822Size s -> new ImapResponse.SizeValue(meta.orElseThrow().size());
            case FetchItem.Envelope e -> new ImapResponse.SyntaxValue("ENVELOPE", meta.orElseThrow().envelope());
            case FetchItem.BodyStructure b -> new ImapResponse.SyntaxValue("BODYSTRUCTURE", meta.orElseThrow().bodyStructure());
            case FetchItem.Body b -> new ImapResponse.SyntaxValue("BODY", meta.orElseThrow().body());
            case FetchItem.SaveDate d -> new ImapResponse.SaveDateValue(Optional.ofNullable(meta.orElseThrow().saveDate()));
            case FetchItem.EmailId e -> new ImapResponse.ObjectIdValue("EMAILID", Optional.of(meta.orElseThrow().emailId()));
            case FetchItem.ThreadId t -> new ImapResponse.ObjectIdValue("THREADID", Optional.of(meta.orElseThrow().threadId()));
            case FetchItem.Preview p -> new ImapResponse.PreviewValue(Optional.of(preview(meta.orElseThrow().preview())));
            case FetchItem.Rfc822 r -> {
                FetchItem.SectionText text = switch (r.part()) {
                    case WHOLE -> FetchItem.SectionText.WHOLE;
                    case HEADER -> FetchItem.SectionText.HEADER;
                    case TEXT -> FetchItem.SectionText.TEXT;
                };
                // RFC 9051 Appendix E deprecates RFC822, RFC822.HEADER and RFC822.TEXT and its FETCH response grammar
                // (msg-att-static) has no such items: an IMAP4rev2 session gets the BODY[...] response they equal
                String name = switch (revision) {
                    case REV1 -> switch (r.part()) {
                        case WHOLE -> "RFC822";
                        case HEADER -> "RFC822.HEADER";
                        case TEXT -> "RFC822.TEXT";
                    };
                    case REV2 -> switch (r.part()) {
                        case WHOLE -> "BODY[]";
                        case HEADER -> "BODY[HEADER]";
                        case TEXT -> "BODY[TEXT]";
                    };
                };
                yield new ImapResponse.SectionValue(name, sections.section(meta.orElseThrow(),
                        new FetchItem.Section(FetchItem.Peek.PEEK, List.of(), text, List.of(), Optional.empty())));
            }
            case FetchItem.Section s -> new ImapResponse.SectionValue(BodySections.sectionName(s), sections.section(meta.orElseThrow(), s));
            case FetchItem.Binary b -> binaries.binary(meta.orElseThrow(), b);
            case FetchItem.BinarySize b -> binaries.size(meta.orElseThrow(), b);
        };
    }
}
