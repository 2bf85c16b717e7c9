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

    /** When a session compares the mailbox and subscription lists: after each command, or in IDLE when due. */
    public enum ListPoll { NOW, WHEN_DUE }

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
        if (watchesLists(command)) {
            watch.listsRead(names(store.mailboxes(account.id())), Set.copyOf(store.subscriptions(account.id())), System.nanoTime());
        }
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
     * flags changed, a LIST per rename or deletion; after an overflow only {@code OK [NOTIFICATIONOVERFLOW]}, and
     * NOTIFY is off (RFC 5465 §5.8).
     */
    public List<ImapResponse.Untagged> pending(ImapState state, SessionContext ctx, ListPoll poll) {
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
        Notify settings = watch.get().settings();
        boolean listsDue = watchesLists(settings) && (poll == ListPoll.NOW || System.nanoTime() - watch.get().listsReadAt()
                >= ctx.properties().imapNotify().idleListPoll().toNanos());
        if (drained.events().isEmpty() && !listsDue) {
            return List.of();
        }
        Account account = switch (state) {
            case ImapState.Authenticated a -> a.account();
            case ImapState.Selected s -> s.account();
            default -> throw new IllegalStateException("not logged in");
        };
        Optional<MailboxId> selected = selectedId(state);
        List<String> subscriptions = store.subscriptions(account.id());
        List<ImapResponse.Untagged> out = new ArrayList<>();
        Set<String> knownMailboxes = new java.util.HashSet<>(watch.get().knownMailboxes());
        Map<MailboxId, Boolean> changed = new LinkedHashMap<>();
        for (MailboxEvent event : drained.events()) {
            if (!(event instanceof MailboxEvent.MailboxChanged) && selected.filter(event.mailbox()::equals).isPresent()) {
                continue;   // announced by the selected mailbox itself
            }
            switch (event) {
                case MailboxEvent.MailboxChanged c -> {
                    knownMailboxes.remove(c.oldName());
                    c.newName().ifPresent(knownMailboxes::add);
                    if (selected.filter(c.mailbox()::equals).isPresent()) {
                        break;
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
                case MailboxEvent.MessagesAdded a -> changed.put(a.mailbox(), Boolean.TRUE);
                case MailboxEvent.MessagesExpunged e -> changed.put(e.mailbox(), Boolean.TRUE);
                case MailboxEvent.FlagsChanged f -> changed.putIfAbsent(f.mailbox(), Boolean.FALSE);
            }
        }
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
        if (listsDue) {
            compareLists(watch.get(), account, knownMailboxes, subscriptions, out);
        } else if (watchesLists(settings)) {
            watch.get().listsRead(knownMailboxes, watch.get().knownSubscriptions(), watch.get().listsReadAt());
        }
        return out;
    }

    /**
     * MailboxName for names that appeared or went without an event (CREATE, from any door), SubscriptionChange for
     * subscriptions added (LIST with \Subscribed) or removed (RFC 5465 §5.4, §5.5).
     */
    private void compareLists(NotifyWatch watch, Account account, Set<String> known, List<String> subscriptionList,
                              List<ImapResponse.Untagged> out) {
        Notify settings = watch.settings();
        Set<String> current = names(store.mailboxes(account.id()));
        Set<String> subscriptions = Set.copyOf(subscriptionList);
        for (String name : new java.util.TreeSet<>(current)) {
            if (!known.contains(name) && wants(settings, name, subscriptionList, Event.MAILBOX_NAME)) {
                out.add(new ImapResponse.MailboxListing(ImapResponse.ListKind.LIST, List.of(), name));
            }
        }
        for (String name : new java.util.TreeSet<>(known)) {
            if (!current.contains(name) && wants(settings, name, subscriptionList, Event.MAILBOX_NAME)) {
                out.add(new ImapResponse.MailboxListing(ImapResponse.ListKind.LIST, List.of("\\NonExistent"), name));
            }
        }
        List<String> allSubscriptions = new ArrayList<>(subscriptionList);
        allSubscriptions.addAll(watch.knownSubscriptions());
        for (String name : new java.util.TreeSet<>(subscriptions)) {
            if (!watch.knownSubscriptions().contains(name) && wants(settings, name, allSubscriptions, Event.SUBSCRIPTION_CHANGE)) {
                out.add(new ImapResponse.MailboxListing(ImapResponse.ListKind.LIST, List.of("\\Subscribed"), name));
            }
        }
        for (String name : new java.util.TreeSet<>(watch.knownSubscriptions())) {
            if (!subscriptions.contains(name) && wants(settings, name, allSubscriptions, Event.SUBSCRIPTION_CHANGE)) {
                out.add(new ImapResponse.MailboxListing(ImapResponse.ListKind.LIST, List.of(), name));
            }
        }
        watch.listsRead(current, subscriptions, System.nanoTime());
    }

    private static boolean wants(Notify settings, String name, List<String> subscriptions, Event event) {
        return groupFor(settings, name, subscriptions).filter(g -> g.events().contains(event)).isPresent();
    }

    private static boolean watchesLists(Notify settings) {
        return settings.groups().stream().anyMatch(g -> g.events().contains(Event.MAILBOX_NAME)
                || g.events().contains(Event.SUBSCRIPTION_CHANGE));
    }

    private static Set<String> names(List<MailboxInfo> mailboxes) {
        Set<String> names = new java.util.HashSet<>();
        mailboxes.forEach(m -> names.add(m.name()));
        return names;
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
        return state instanceof ImapState.Selected s ? Optional.of(s.mailbox().id()) : Optional.empty();
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
