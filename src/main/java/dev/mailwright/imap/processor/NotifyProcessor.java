package dev.mailwright.imap.processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.mailwright.imap.command.MailboxCommand.Notify;
import dev.mailwright.imap.command.MessageCommand;
import dev.mailwright.imap.command.NotifyCommand.*;
import dev.mailwright.imap.command.NumSet;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.NotifyWatch;
import dev.mailwright.imap.session.SelectedMailbox;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.session.SessionContext.Extension;
import dev.mailwright.imap.session.SessionRegistry;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.Status;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxEvent;
import dev.mailwright.store.MailboxId;
import dev.mailwright.store.MailboxInfo;

/**
 * NOTIFY (RFC 5465): sets or clears the session's registration, and turns the events it queued into STATUS and
 * LIST responses for mailboxes other than the selected one. The selected mailbox keeps its EXISTS / EXPUNGE /
 * FETCH announcements; with {@code SELECTED (MessageNew (items))} its new messages are fetched too.
 */
public final class NotifyProcessor {
    /** The events this server can deliver (RFC 5465 §5: the list BADEVENT names). */
    static final Set<Event> SUPPORTED = EnumSet.of(Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE, Event.FLAG_CHANGE,
            Event.MAILBOX_NAME, Event.SUBSCRIPTION_CHANGE);

    private final MailStore store;
    private final SessionRegistry registry;
    private final FetchProcessor fetches;

    NotifyProcessor(MailStore store, SessionRegistry registry) {
        this.store = store;
        this.registry = registry;
        this.fetches = new FetchProcessor(store);
    }

    Outcome notify(Notify command, ImapState state, Account account, SessionContext ctx) throws IOException {
        for (Group group : command.groups()) {
            boolean unsupported = !group.unknownEvents().isEmpty()
                    || group.events().stream().anyMatch(e -> !SUPPORTED.contains(e));
            if (unsupported) {
                String names = String.join(" ", SUPPORTED.stream().map(Event::wireName).toList());
                throw ImapException.no("BADEVENT (" + names + ")", "Event not supported");
            }
        }
        stop(ctx);
        if (command.groups().isEmpty()) {
            return Outcome.ok(state, "NOTIFY completed");
        }
        NotifyWatch watch = new NotifyWatch(account.id(), command, ctx.properties().imapNotify().maxQueuedEvents());
        registry.watchNotify(watch);
        ctx.notifyWatch(Optional.of(watch));
        if (command.status() == InitialStatus.SEND) {
            Optional<MailboxId> selected = selectedId(state);
            List<String> subscriptions = store.subscriptions(account.id());
            for (MailboxInfo info : store.mailboxes(account.id())) {
                if (selected.filter(info.id()::equals).isEmpty()
                        && groupFor(command, info.name(), subscriptions)
                        .filter(g -> g.events().contains(Event.MESSAGE_NEW)).isPresent()) {
                    ctx.send(status(info, command, ctx));
                }
            }
        }
        return Outcome.ok(state, "NOTIFY completed");
    }

    /** Ends the session's registration, if any (NOTIFY NONE, overflow, logout). */
    public void stop(SessionContext ctx) {
        ctx.notifyWatch().ifPresent(registry::unwatchNotify);
        ctx.notifyWatch(Optional.empty());
    }

    /**
     * The responses for what other mailboxes saw since the last call: one STATUS per mailbox whose messages or
     * flags changed; a LIST per creation, rename or deletion (MailboxName, RFC 5465 §5.4) and per subscription or
     * unsubscription (SubscriptionChange, §5.5), in the order the store published them, from any door or node; after
     * an overflow only {@code OK [NOTIFICATIONOVERFLOW]}, and NOTIFY is off (RFC 5465 §5.8).
     */
    public List<ImapResponse.Untagged> pending(ImapState state, SessionContext ctx) {
        Optional<NotifyWatch> watch = ctx.notifyWatch();
        if (watch.isEmpty() || !(state instanceof ImapState.Authenticated || state instanceof ImapState.Selected)) {
            return List.of();
        }
        NotifyWatch.Drained drained = watch.get().drain();
        if (drained.overflow() == NotifyWatch.Overflow.OVERFLOWED) {
            stop(ctx);
            return List.of(new ImapResponse.StatusLine(Status.OK, Optional.of("NOTIFICATIONOVERFLOW"),
                    "Too many events, NOTIFY is off"));
        }
        if (drained.events().isEmpty()) {
            return List.of();
        }
        Notify settings = watch.get().settings();
        Account account = switch (state) {
            case ImapState.Authenticated a -> a.account();
            case ImapState.Selected s -> s.account();
            default -> throw new IllegalStateException("not logged in");
        };
        Optional<MailboxId> selected = selectedId(state);
        List<String> subscriptions = store.subscriptions(account.id());
        List<ImapResponse.Untagged> out = new ArrayList<>();
        Map<MailboxId, Boolean> changed = new LinkedHashMap<>();
        for (MailboxEvent event : drained.events()) {
            switch (event) {
                case MailboxEvent.MailboxChanged c -> {
                    if (selected.filter(c.mailbox()::equals).isPresent()) {
                        break;   // the selected mailbox announces its own rename or deletion
                    }
                    boolean wanted = groupFor(settings, c.oldName(), subscriptions)
                            .or(() -> c.newName().flatMap(n -> groupFor(settings, n, subscriptions)))
                            .filter(g -> g.events().contains(Event.MAILBOX_NAME)).isPresent();
                    if (wanted) {
                        out.add(c.newName().<ImapResponse.Untagged>map(n -> new ImapResponse.RenamedListing(n, c.oldName()))
                                .orElseGet(() -> new ImapResponse.MailboxListing(ImapResponse.ListKind.LIST,
                                        List.of("\\NonExistent"), c.oldName())));
                    }
                }
                case MailboxEvent.MailboxCreated c -> {
                    if (wants(settings, c.name(), subscriptions, Event.MAILBOX_NAME)) {
                        out.add(new ImapResponse.MailboxListing(ImapResponse.ListKind.LIST, List.of(), c.name()));
                    }
                }
                case MailboxEvent.SubscriptionChanged c -> {
                    // the name counts as subscribed for the filter either way: an unsubscription is news to a
                    // client that watched the subscribed mailboxes
                    List<String> withName = new ArrayList<>(subscriptions);
                    withName.add(c.name());
                    if (wants(settings, c.name(), withName, Event.SUBSCRIPTION_CHANGE)) {
                        out.add(new ImapResponse.MailboxListing(ImapResponse.ListKind.LIST,
                                c.subscribed() ? List.of("\\Subscribed") : List.of(), c.name()));
                    }
                }
                case MailboxEvent.MessagesAdded a -> changed.put(a.mailbox(), Boolean.TRUE);
                case MailboxEvent.MessagesExpunged e -> changed.put(e.mailbox(), Boolean.TRUE);
                case MailboxEvent.FlagsChanged f -> changed.putIfAbsent(f.mailbox(), Boolean.FALSE);
            }
        }
        selected.ifPresent(changed::remove);   // announced by the selected mailbox itself
        for (Map.Entry<MailboxId, Boolean> entry : changed.entrySet()) {
            Optional<MailboxInfo> info = store.mailbox(account.id(), entry.getKey());
            if (info.isEmpty()) {
                continue;   // deleted since
            }
            Optional<Group> group = groupFor(settings, info.get().name(), subscriptions);
            Event needed = entry.getValue() ? Event.MESSAGE_NEW : Event.FLAG_CHANGE;
            if (group.filter(g -> g.events().contains(needed)).isPresent()) {
                out.add(status(info.get(), settings, ctx));
            }
        }
        return out;
    }

    private static boolean wants(Notify settings, String name, List<String> subscriptions, Event event) {
        return groupFor(settings, name, subscriptions).filter(g -> g.events().contains(event)).isPresent();
    }

    /**
     * With {@code SELECTED (MessageNew (items))}: the items of the selected mailbox's messages announced after
     * {@code knownMaxUid}, unless there are more than the configured bound (then EXISTS alone tells the client).
     */
    public void fetchNew(ImapState state, long knownMaxUid, SessionContext ctx) throws IOException {
        if (!(state instanceof ImapState.Selected s) || ctx.notifyWatch().isEmpty()) {
            return;
        }
        long maxUid = s.mailbox().numbers().maxUid();
        if (maxUid <= knownMaxUid) {
            return;
        }
        int count = s.mailbox().countAnnounced(new dev.mailwright.store.UidSet(
                List.of(new dev.mailwright.store.UidRange(knownMaxUid + 1, maxUid))));
        if (count > ctx.properties().imapNotify().maxNewMessageFetches()) {
            return;
        }
        for (Group group : ctx.notifyWatch().get().settings().groups()) {
            if (group.filter() instanceof Selected && !group.newMessageItems().isEmpty()) {
                NumSet set = new NumSet.Uids(List.of(new NumSet.Range(knownMaxUid + 1, maxUid)));
                fetches.fetch(new MessageCommand.Fetch("*", set, group.newMessageItems(), Optional.empty()), s, ctx);
                return;
            }
        }
    }

    private static Optional<MailboxId> selectedId(ImapState state) {
        return state.selectedMailbox().map(SelectedMailbox::id);
    }

    /** The first group whose filter takes {@code name} (RFC 5465 §6); SELECTED groups are not about other mailboxes. */
    static Optional<Group> groupFor(Notify settings, String name, List<String> subscriptions) {
        for (Group group : settings.groups()) {
            boolean matches = switch (group.filter()) {
                case Selected s -> false;
                case Inboxes i -> name.equals("INBOX");
                case Personal p -> true;
                case Subscribed s -> subscriptions.contains(name);
                case Subtree t -> t.mailboxes().stream().anyMatch(root -> name.equals(root) || name.startsWith(root + "/"));
                case Mailboxes m -> m.mailboxes().contains(name);
            };
            if (matches) {
                return Optional.of(group);
            }
        }
        return Optional.empty();
    }

    /** RFC 5465 §5.2-§5.4: what a client needs to know of a mailbox it does not have selected. */
    private ImapResponse.MailboxStatus status(MailboxInfo info, Notify settings, SessionContext ctx) {
        List<ImapResponse.StatusValue> values = new ArrayList<>(List.of(
                new ImapResponse.StatusValue("MESSAGES", info.messages()),
                new ImapResponse.StatusValue("UIDNEXT", info.uidNext()),
                new ImapResponse.StatusValue("UIDVALIDITY", info.uidValidity()),
                new ImapResponse.StatusValue("UNSEEN", info.unseen())));
        if (ctx.isEnabled(Extension.CONDSTORE)) {
            values.add(new ImapResponse.StatusValue("HIGHESTMODSEQ", Math.max(1, info.highestModseq())));
        }
        return new ImapResponse.MailboxStatus(info.name(), values);
    }
}
