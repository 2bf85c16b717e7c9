package dev.mailwright.imap.processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.mailwright.imap.command.MailboxCommand.SelectMode;
import dev.mailwright.imap.command.MessageCommand.*;
import dev.mailwright.imap.command.MessageCommand;
import dev.mailwright.imap.command.NumSet;
import dev.mailwright.imap.processor.StoreErrors.Role;
import dev.mailwright.imap.session.FlagNames;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SelectedMailbox;
import dev.mailwright.imap.session.SessionContext.Extension;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.session.SessionRegistry;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.Status;
import dev.mailwright.inbound.spam.JunkReports;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageRef;
import dev.mailwright.store.StoreException;
import dev.mailwright.store.UidSet;

/** The selected-state commands: FETCH, STORE, SEARCH, SORT, THREAD, COPY, MOVE, EXPUNGE, CHECK, CLOSE, UNSELECT. */
public final class MessageProcessor {
    private final MailStore store;
    private final SessionRegistry registry;
    private final FetchProcessor fetches;
    private final SearchProcessor searches;
    private final SortProcessor sorts;
    private final ThreadProcessor threads;
    private final JunkReports junkReports;

    public MessageProcessor(MailStore store, SessionRegistry registry, JunkReports junkReports) {
        this.store = store;
        this.registry = registry;
        this.junkReports = junkReports;
        this.fetches = new FetchProcessor(store);
        this.searches = new SearchProcessor(store);
        this.sorts = new SortProcessor(store, searches);
        this.threads = new ThreadProcessor(store, searches);
    }

    public Outcome handle(MessageCommand command, ImapState.Selected state, SessionContext ctx) throws IOException {
        if (!(command instanceof Close || command instanceof Unselect)) {
            refreshRights(state);
        }
        try {
            return switch (command) {
                case Fetch f -> fetches.fetch(f, state, ctx);
                case Search s -> searches.search(s, state, ctx);
                case Sort s -> sorts.sort(s, state, ctx);
                case ThreadMessages t -> threads.thread(t, state, ctx);
                case Store s -> store(s, state, ctx);
                case Copy c -> copy(c.tag(), c.messages(), c.target(), state, CopyMode.COPY, ctx);
                case Move m -> copy(m.tag(), m.messages(), m.target(), state, CopyMode.MOVE, ctx);
                case Expunge e -> expunge(e, state, ctx);
                case Check c -> Outcome.ok(state, "CHECK completed");
                case CancelUpdate c -> cancelUpdate(c, state);
                case Close c -> {
                    if (state.mailbox().mode() == SelectMode.READ_WRITE) {
                        try {
                            store.expunge(state.account().id(), state.mailbox().id(), Optional.empty());   // silently (RFC 3501 §6.4.2)
                        } catch (StoreException.PermissionDenied ignored) {
                            // RFC 4314 §4: without the e right CLOSE closes without expunging
                        }
                    }
                    registry.unwatch(state.mailbox());
                    yield Outcome.ok(state.deselect(), "CLOSE completed");
                }
                case Unselect u -> {
                    registry.unwatch(state.mailbox());
                    yield Outcome.ok(state.deselect(), "UNSELECT completed");
                }
            };
        } catch (StoreException e) {
            throw StoreErrors.toImap(e, command instanceof Copy || command instanceof Move ? Role.TARGET : Role.SUBJECT);
        }
    }

    private enum CopyMode { COPY, MOVE }

    /** RFC 5267 §4.3.5: every named search stops being kept; a tag that names none is refused and nothing changes. */
    private static Outcome cancelUpdate(CancelUpdate command, ImapState.Selected state) {
        var results = state.mailbox().searchResults();
        for (String tag : command.searchTags()) {
            if (!results.keeps(tag)) {
                throw ImapException.no("No search with tag " + tag + " is kept up to date");
            }
        }
        command.searchTags().forEach(results::cancel);
        return Outcome.ok(state, "CANCELUPDATE completed");
    }

    private static UidSet resolve(SelectedMailbox mailbox, NumSet set) {
        SelectedMailbox.Resolution resolution = mailbox.resolve(set);
        if (resolution.validity() == SelectedMailbox.Validity.OUT_OF_RANGE) {
            throw ImapResponses.badSequence();
        }
        return resolution.uids();
    }

    private Outcome store(Store command, ImapState.Selected state, SessionContext ctx) throws IOException {
        SelectedMailbox mailbox = state.mailbox();
        if (mailbox.mode() == SelectMode.READ_ONLY) {
            throw ImapResponses.readOnly();
        }
        UidSet uids = resolve(mailbox, command.messages());
        if (command.unchangedSince().isPresent()) {
            CondStoreEnabling.enable(state, ctx);
        }
        if (uids.isEmpty()) {
            return Outcome.ok(state, "STORE completed");
        }
        MailStore.FlagChange change = switch (command.operation()) {
            case REPLACE -> MailStore.FlagChange.REPLACE;
            case ADD -> MailStore.FlagChange.ADD;
            case REMOVE -> MailStore.FlagChange.REMOVE;
        };
        MailStore.FlagUpdate update = store.updateFlags(state.account().id(), mailbox.id(), uids, change,
                Flags.parse(command.flags()), command.unchangedSince());
        boolean uidCommand = command.messages().form() == NumSet.Form.UID;
        for (MessageRef ref : update.updated()) {
            ctx.sendAll(mailbox.announceKeywords(ref.flags()));
        }
        // .SILENT leaves out only what the client asked for: a message another session changed unseen is reported
        Set<Long> changedUnseen = command.reply() == StoreReply.SILENT ? mailbox.changedUnseen(update.rewrittenFrom()) : Set.of();
        for (MessageRef ref : update.updated()) {
            mailbox.reportedOwnChange(ref.uid(), ref.modseq());
            int msn = mailbox.numbers().msnOf(ref.uid());
            if (msn == 0 || command.reply() == StoreReply.SILENT && !changedUnseen.contains(ref.uid())) {
                continue;
            }
            List<ImapResponse.FetchValue> values = new ArrayList<>();
            values.add(new ImapResponse.FlagsValue(FlagNames.of(ref.flags(), mailbox.isRecent(ref.uid()))));
            if (uidCommand || ctx.isEnabled(Extension.QRESYNC)) {   // RFC 7162 §3.2.4 wants the UID once QRESYNC is on
                values.add(new ImapResponse.UidValue(ref.uid()));
            }
            if (ctx.isEnabled(Extension.CONDSTORE)) {
                values.add(new ImapResponse.ModSeqValue(ref.modseq()));
            }
            ctx.send(new ImapResponse.Fetched(msn, values));
        }
        if (!update.modifiedSkipped().isEmpty()) {
            List<Long> numbers = update.modifiedSkipped().stream()
                    .map(uid -> uidCommand ? uid : (long) mailbox.numbers().msnOf(uid)).filter(n -> n > 0).sorted().toList();
            String set = UidSet.of(numbers).toImapString();
            return Outcome.ok(state, "MODIFIED " + set, "Conditional STORE failed for some messages");
        }
        return Outcome.ok(state, "STORE completed");
    }

    private Outcome copy(String tag, NumSet set, String target, ImapState.Selected state, CopyMode mode, SessionContext ctx)
            throws IOException {
        SelectedMailbox mailbox = state.mailbox();
        if (mode == CopyMode.MOVE && mailbox.mode() == SelectMode.READ_ONLY) {
            throw ImapResponses.readOnly();
        }
        UidSet uids = resolve(mailbox, set);
        if (uids.isEmpty()) {
            if (store.mailbox(state.account().id(), target).isEmpty()) {
                throw ImapException.no(ImapResponses.CODE_TRYCREATE, ImapResponses.NO_SUCH_MAILBOX);
            }
            return Outcome.ok(state, mode + " completed, nothing to do");
        }
        MailStore.Copied copied = switch (mode) {
            case COPY -> store.copy(state.account().id(), mailbox.id(), uids, target);
            case MOVE -> store.move(state.account().id(), mailbox.id(), uids, target);
        };
        junkReports.filed(state.account().id(), mailbox.id(), copied);   // into or out of Junk: $Junk/$NotJunk, learning
        String copyUid = copied.sourceUids().isEmpty() ? ""
                : "COPYUID " + copied.targetUidValidity() + " " + sequence(copied.sourceUids()) + " " + sequence(copied.targetUids());
        return switch (mode) {
            case COPY -> copyUid.isEmpty() ? Outcome.ok(state, "COPY completed") : Outcome.ok(state, copyUid, "COPY completed");
            case MOVE -> {
                if (!copyUid.isEmpty()) {
                    ctx.send(new ImapResponse.StatusLine(Status.OK, Optional.of(copyUid), "Moved"));
                }
                ctx.sendAll(mailbox.expungeOwn(copied.sourceUids(), ctx.expungeForm()));
                yield Outcome.ok(state, "MOVE completed");
            }
        };
    }

    /** UIDs in the given order, as COPYUID needs them pairwise (RFC 4315 §3): ranges only where consecutive. */
    static String sequence(List<Long> uids) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < uids.size()) {
            int j = i;
            while (j + 1 < uids.size() && uids.get(j + 1) == uids.get(j) + 1) {
                j++;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(uids.get(i));
            if (j > i) {
                sb.append(':').append(uids.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }

    private Outcome expunge(Expunge command, ImapState.Selected state, SessionContext ctx) throws IOException {
        SelectedMailbox mailbox = state.mailbox();
        if (mailbox.mode() == SelectMode.READ_ONLY) {
            throw ImapResponses.readOnly();
        }
        Optional<UidSet> only = Optional.empty();
        if (command.uids().isPresent()) {
            only = Optional.of(resolve(mailbox, command.uids().get()));
            if (only.get().isEmpty()) {
                return Outcome.ok(state, "EXPUNGE completed");
            }
        }
        List<Long> removed = store.expunge(state.account().id(), mailbox.id(), only);
        ctx.sendAll(mailbox.expungeOwn(removed, ctx.expungeForm()));
        return Outcome.ok(state, "EXPUNGE completed");
    }

    /**
     * RFC 4314 leaves open whether rights are checked again once a mailbox is selected; here they are, before every
     * command on someone else's mailbox (one small query; an own mailbox has every right for good), so the owner's
     * SETACL or DELETEACL takes effect at the session's next command: STORE keeps only the flags still allowed, FETCH
     * stops setting \Seen without {@code s}, EXPUNGE needs {@code e} (the store checks those itself). Without
     * {@code r} the mailbox is unusable: the command gets {@code NO [NOPERM]} and the session {@code * BYE}, as when
     * the selected mailbox is deleted (IMAP4rev1 has no other way to say that the selection is gone).
     */
    public void refreshRights(ImapState.Selected state) {
        SelectedMailbox mailbox = state.mailbox();
        if (mailbox.sharedRights().current().isEmpty()) {
            return;
        }
        dev.mailwright.store.Rights now;
        try {
            now = store.rights(state.account().id(), mailbox.id());
        } catch (StoreException.MailboxNotFound gone) {
            now = dev.mailwright.store.Rights.NONE;
        }
        mailbox.sharedRights().update(now);
        if (!now.has(dev.mailwright.store.Right.READ)) {
            mailbox.sharedRights().withdraw();
            throw ImapException.no("NOPERM", "The right to read the selected mailbox was withdrawn");
        }
    }
}
