package dev.mailwright.imap.processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mailwright.imap.command.MailboxCommand;
import dev.mailwright.imap.command.MailboxCommand.*;
import dev.mailwright.imap.processor.StoreErrors.Role;
import dev.mailwright.imap.session.FlagNames;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SelectedMailbox;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.session.SelectedMailbox.RecentTracking;
import dev.mailwright.imap.session.SessionContext.Extension;
import dev.mailwright.imap.session.SessionContext.Revision;
import dev.mailwright.imap.session.SessionRegistry;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.Status;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.ObjectIds;
import dev.mailwright.store.MessageRef;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.Right;
import dev.mailwright.store.Rights;
import dev.mailwright.store.StoreException;
import dev.mailwright.store.UidSet;

/** SELECT, EXAMINE, CREATE, DELETE, RENAME, (UN)SUBSCRIBE, LIST/LSUB/XLIST, STATUS, APPEND, NAMESPACE. */
public final class MailboxProcessor {
    private final MailStore store;
    private final SessionRegistry registry;
    private final ListProcessor lists;
    private final MailboxStatuses statuses;
    private final AppendProcessor appends;
    private final NotifyProcessor notifications;

    public MailboxProcessor(MailStore store, SessionRegistry registry) {
        this.store = store;
        this.registry = registry;
        this.statuses = new MailboxStatuses(store);
        this.lists = new ListProcessor(store, statuses);
        this.appends = new AppendProcessor(store);
        this.notifications = new NotifyProcessor(store, registry);
    }

    /** NOTIFY's registration and announcements (RFC 5465). */
    public NotifyProcessor notifications() {
        return notifications;
    }

    /** {@code state} is Authenticated or Selected; {@code account} is its account. */
    public Outcome handle(MailboxCommand command, ImapState state, Account account, SessionContext ctx) throws IOException {
        try {
            return switch (command) {
                case Select s -> select(s, state, account, ctx);
                case Create c -> {
                    String name = c.mailbox().endsWith("/") ? c.mailbox().substring(0, c.mailbox().length() - 1) : c.mailbox();
                    if (name.isEmpty() || name.equals("INBOX")) {
                        throw ImapException.no("ALREADYEXISTS", "Mailbox already exists");
                    }
                    MailboxInfo created = store.createMailbox(account.id(), name);
                    yield Outcome.ok(state, mailboxIdCode(created), "CREATE completed");   // RFC 8474
                }
                case Delete d -> {
                    store.deleteMailbox(account.id(), d.mailbox());
                    if (state instanceof ImapState.Selected s && s.mailbox().name().equals(d.mailbox())) {
                        registry.unwatch(s.mailbox());
                        yield Outcome.ok(s.deselect(), "DELETE completed, mailbox closed");
                    }
                    yield Outcome.ok(state, "DELETE completed");
                }
                case Rename r -> {
                    store.renameMailbox(account.id(), r.from(), r.to());
                    yield Outcome.ok(state, "RENAME completed");
                }
                case Subscribe s -> {
                    store.subscribe(account.id(), s.mailbox());
                    yield Outcome.ok(state, "SUBSCRIBE completed");
                }
                case Unsubscribe u -> {
                    store.unsubscribe(account.id(), u.mailbox());
                    yield Outcome.ok(state, "UNSUBSCRIBE completed");
                }
                case ListMailboxes l -> {
                    ctx.sendAll(lists.list(l, account, state, ctx));
                    yield Outcome.ok(state, l.kind() + " completed");
                }
                case MailboxCommand.Status s -> status(s, state, account, ctx);
                case Append a -> appends.append(a, state, account, ctx);
                case Notify n -> notifications.notify(n, state, account, ctx);
                case Namespace n -> {
                    ctx.send(new ImapResponse.Namespace());
                    yield Outcome.ok(state, "NAMESPACE completed");
                }
            };
        } catch (StoreException e) {
            throw StoreErrors.toImap(e, command instanceof Append ? Role.TARGET : Role.SUBJECT);
        }
    }

    private static String mailboxIdCode(MailboxInfo info) {
        return "MAILBOXID (" + ObjectIds.mailbox(info.id()) + ")";
    }

    private Outcome select(Select command, ImapState state, Account account, SessionContext ctx) throws IOException {
        if (command.qresync().isPresent() && !ctx.isEnabled(Extension.QRESYNC)) {
            throw ImapException.bad("QRESYNC needs ENABLE QRESYNC first");   // RFC 7162 §3.2.5
        }
        if (state instanceof ImapState.Selected previous) {
            registry.unwatch(previous.mailbox());
            if (ctx.isEnabled(Extension.QRESYNC) || ctx.revision() == Revision.REV2) {
                ctx.send(untaggedOk("CLOSED", "Previous mailbox closed"));   // RFC 7162 §3.2.11, RFC 9051 §7.1
            }
        }
        Optional<MailboxInfo> info = store.mailbox(account.id(), command.mailbox());
        if (info.isEmpty()) {
            // a failed SELECT leaves no mailbox selected (RFC 3501 §6.3.1)
            if (visibleWithoutRead(account, command.mailbox())) {
                return new Outcome(new ImapState.Authenticated(account), Status.NO, Optional.of("NOPERM"), "Permission denied: the 'r' right is needed");
            }
            return new Outcome(new ImapState.Authenticated(account), Status.NO, Optional.of(ImapResponses.CODE_NONEXISTENT), ImapResponses.NO_SUCH_MAILBOX);
        }
        SelectMode mode = command.mode();
        Optional<Rights> shared = info.get().owner().equals(account.id()) ? Optional.empty()
                : Optional.of(store.rights(account.id(), info.get().id()));
        if (shared.isPresent() && !AclProcessor.writable(shared.get())) {
            mode = SelectMode.READ_ONLY;   // RFC 4314 §4: no right to change anything, so the client is told READ-ONLY
        }
        if (command.parameters().contains(SelectParameter.CONDSTORE)) {
            ctx.enable(Extension.CONDSTORE);
        }
        Revision revision = ctx.revision();
        SelectedMailbox selected = SelectedMailbox.open(store, info.get(), mode, registry, switch (revision) {
            case REV1 -> RecentTracking.TRACK;
            case REV2 -> RecentTracking.NONE;
        }, account.id());
        shared.ifPresent(selected.sharedRights()::update);
        ctx.sendAll(shared.isPresent() ? AclProcessor.permittedFlags(selected.flagResponses(), shared.get()) : selected.flagResponses());
        ctx.send(new ImapResponse.Exists(selected.numbers().size()));
        switch (revision) {
            case REV1 -> {
                ctx.send(new ImapResponse.Recent(selected.recentCount()));
                if (selected.firstUnseen() > 0) {
                    ctx.send(untaggedOk("UNSEEN " + selected.firstUnseen(), "First unseen"));
                }
            }
            // RFC 9051 §6.3.2: no RECENT and no UNSEEN code; a LIST response names the mailbox as the server spells it
            case REV2 -> ctx.send(new ImapResponse.MailboxListing(ImapResponse.ListKind.LIST, List.of(), info.get().name()));
        }
        ctx.send(untaggedOk(mailboxIdCode(info.get()), "Ok"));   // RFC 8474
        ctx.send(untaggedOk("UIDVALIDITY " + info.get().uidValidity(), "UIDs valid"));
        ctx.send(untaggedOk("UIDNEXT " + Math.max(info.get().uidNext(), selected.numbers().maxUid() + 1), "Predicted next UID"));
        ctx.send(untaggedOk("HIGHESTMODSEQ " + Math.max(1, info.get().highestModseq()), "Highest"));
        if (command.qresync().isPresent()) {
            resync(command.qresync().get(), selected, info.get(), ctx);
        }
        ImapState next = new ImapState.Selected(account, selected);
        String access = mode == SelectMode.READ_ONLY ? "READ-ONLY" : "READ-WRITE";
        return Outcome.ok(next, access, (command.mode() == SelectMode.READ_ONLY ? "EXAMINE" : "SELECT") + " completed");
    }

    /**
     * RFC 7162 §3.2.5.2: when the client's UIDVALIDITY still holds, what it missed since its modseq: the UIDs
     * removed, as VANISHED (EARLIER), then the flags of the messages changed, limited to its known UIDs.
     */
    private void resync(Qresync qresync, SelectedMailbox selected, MailboxInfo info, SessionContext ctx) throws IOException {
        if (qresync.uidValidity() != info.uidValidity()) {
            return;
        }
        java.util.function.LongPredicate known = uid -> qresync.knownUids().map(k -> k.contains(uid, Long.MAX_VALUE)).orElse(true);
        List<Long> vanished = store.expungedSince(info.id(), qresync.modseq()).stream().filter(known::test).toList();
        if (!vanished.isEmpty()) {
            ctx.send(new ImapResponse.Vanished(ImapResponse.Vanished.When.EARLIER, UidSet.of(vanished).toImapString()));
        }
        List<MessageRef> changed = new ArrayList<>();
        store.forEachChangedSince(selected.viewer(), info.id(), qresync.modseq(), changed::add);
        for (MessageRef ref : changed) {
            int msn = selected.numbers().msnOf(ref.uid());
            if (msn > 0 && known.test(ref.uid())) {
                ctx.send(new ImapResponse.Fetched(msn, List.of(new ImapResponse.UidValue(ref.uid()),
                        new ImapResponse.FlagsValue(FlagNames.of(ref.flags(), selected.isRecent(ref.uid()))),
                        new ImapResponse.ModSeqValue(ref.modseq()))));
            }
        }
    }

    /** A mailbox the caller may list ({@code l}) but not read: NO [NOPERM] rather than NONEXISTENT (RFC 4314 §4). */
    private boolean visibleWithoutRead(Account account, String mailbox) {
        return store.myRights(account.id(), mailbox).map(r -> r.has(Right.LOOKUP)).orElse(false);
    }

    private static ImapResponse.StatusLine untaggedOk(String code, String text) {
        return new ImapResponse.StatusLine(Status.OK, Optional.of(code), text);
    }

    private Outcome status(MailboxCommand.Status command, ImapState state, Account account, SessionContext ctx) throws IOException {
        Optional<MailboxInfo> found = store.mailbox(account.id(), command.mailbox());
        if (found.isEmpty() && visibleWithoutRead(account, command.mailbox())) {
            throw ImapException.no("NOPERM", "Permission denied: the 'r' right is needed");
        }
        MailboxInfo info = found.orElseThrow(() -> ImapException.no(ImapResponses.CODE_NONEXISTENT, ImapResponses.NO_SUCH_MAILBOX));
        ImapResponse.MailboxStatus status = statuses.status(info, command.items(), state, ctx);
        // echo the name as the client wrote it (INBOX normalised), not as stored
        ctx.send(new ImapResponse.MailboxStatus(command.mailbox(), status.values()));
        return Outcome.ok(state, "STATUS completed");
    }
}
