package dev.mailwright.imap.processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.mailwright.config.MailwrightProperties.ImapLimits;
import dev.mailwright.imap.command.MailboxCommand.ListMailboxes;
import dev.mailwright.imap.command.MailboxCommand.ListReturn;
import dev.mailwright.imap.command.MailboxCommand.ListSelection;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.ImapResponse.ListKind;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.Right;

/**
 * LIST, LSUB and XLIST over the account's mailboxes (RFC 3501 §6.3.8, RFC 5258, RFC 6154). Special-use
 * attributes and child information go on every LIST form, because clients rely on them without asking.
 */
final class ListProcessor {
    private final MailStore store;
    private final MailboxStatuses statuses;

    ListProcessor(MailStore store, MailboxStatuses statuses) {
        this.store = store;
        this.statuses = statuses;
    }

    /** The LIST lines, each selectable mailbox's STATUS right after its line when asked (RFC 5819 §2). */
    List<ImapResponse.Untagged> list(ListMailboxes command, Account account, ImapState state, SessionContext ctx)
            throws IOException {
        List<ImapResponse.Untagged> out = new ArrayList<>();
        if (command.patterns().size() == 1 && command.patterns().getFirst().isEmpty() && command.kind() != ListMailboxes.Kind.LSUB) {
            out.add(new ImapResponse.MailboxListing(kind(command), List.of("\\Noselect"), ""));   // the delimiter query
            return out;
        }
        List<MailboxPattern> patterns = compile(command, ctx.properties().imapLimits());
        List<MailboxInfo> mailboxes = new ArrayList<>(store.mailboxes(account.id()));
        mailboxes.addAll(store.sharedMailboxes(account.id()));   // RFC 4314: those with l, under the shared namespace
        Map<String, MailboxInfo> byName = new LinkedHashMap<>();
        mailboxes.stream().sorted(Comparator.comparing((MailboxInfo m) -> !m.name().equals("INBOX")).thenComparing(MailboxInfo::name))
                .forEach(m -> byName.put(m.name(), m));
        Set<String> subscribed = new TreeSet<>(store.subscriptions(account.id()));
        Set<String> parents = new TreeSet<>();
        for (String name : byName.keySet()) {
            int i = name.indexOf('/');
            while (i > 0) {
                parents.add(name.substring(0, i));
                i = name.indexOf('/', i + 1);
            }
        }
        boolean subscribedOnly = command.kind() == ListMailboxes.Kind.LSUB || command.selection().contains(ListSelection.SUBSCRIBED);
        Set<String> candidates = new TreeSet<>(Comparator.comparing((String n) -> !n.equals("INBOX")).thenComparing(n -> n));
        candidates.addAll(subscribedOnly ? subscribed : byName.keySet());
        if (!subscribedOnly) {
            candidates.addAll(parents);
        }
        // Parents of subscribed names the patterns miss: LSUB shows them \Noselect (RFC 3501 §6.3.9), and LIST
        // (SUBSCRIBED RECURSIVEMATCH) with CHILDINFO ("SUBSCRIBED") (RFC 5258 §3.5).
        boolean recursiveMatch = command.selection().contains(ListSelection.RECURSIVEMATCH)
                && command.selection().contains(ListSelection.SUBSCRIBED);
        Set<String> parentsOfUnmatched = new TreeSet<>();
        if (command.kind() == ListMailboxes.Kind.LSUB || recursiveMatch) {
            for (String name : subscribed) {
                if (patterns.stream().anyMatch(p -> p.matches(name))) {
                    continue;
                }
                int i = name.indexOf('/');
                while (i > 0) {
                    parentsOfUnmatched.add(name.substring(0, i));
                    i = name.indexOf('/', i + 1);
                }
            }
            candidates.addAll(parentsOfUnmatched);
        }
        for (String name : candidates) {
            if (patterns.stream().noneMatch(p -> p.matches(name))) {
                continue;
            }
            MailboxInfo info = byName.get(name);
            if (command.selection().contains(ListSelection.SPECIAL_USE) && (info == null || info.specialUse().isEmpty())) {
                continue;
            }
            List<String> attributes = new ArrayList<>();
            if (info == null) {
                // IMAP4rev2 folds in LIST-EXTENDED: a name that is no mailbox is \NonExistent, which implies \Noselect
                boolean nonExistent = command.kind() == ListMailboxes.Kind.LIST
                        && (subscribedOnly || ctx.revision() == SessionContext.Revision.REV2);
                attributes.add(nonExistent ? "\\NonExistent" : "\\Noselect");
            } else if (command.kind() == ListMailboxes.Kind.LSUB && !subscribed.contains(name)) {
                attributes.add("\\Noselect");
            }
            if (command.kind() != ListMailboxes.Kind.LSUB) {
                attributes.add(parents.contains(name) ? "\\HasChildren" : "\\HasNoChildren");
                if (info != null) {
                    info.specialUse().ifPresent(u -> attributes.add(u.attribute()));
                    if (command.kind() == ListMailboxes.Kind.XLIST && name.equals("INBOX")) {
                        attributes.add("\\Inbox");
                    }
                }
                if (subscribed.contains(name) && (command.returns().contains(ListReturn.SUBSCRIBED)
                        || command.selection().contains(ListSelection.SUBSCRIBED))) {
                    attributes.add("\\Subscribed");
                }
            }
            List<String> childInfo = recursiveMatch && parentsOfUnmatched.contains(name) ? List.of("SUBSCRIBED") : List.of();
            out.add(new ImapResponse.MailboxListing(kind(command), attributes, name, childInfo));
            if (info != null && !command.status().isEmpty() && mayRead(account, info)) {
                out.add(statuses.status(info, command.status(), state, ctx));
            }
        }
        return out;
    }

    /** LIST-STATUS only for mailboxes the caller may read: another account's needs r (RFC 4314 §4, STATUS). */
    private boolean mayRead(Account account, MailboxInfo info) {
        return info.owner().equals(account.id()) || store.rights(account.id(), info.id()).has(Right.READ);
    }

    private static ListKind kind(ListMailboxes command) {
        return switch (command.kind()) {
            case LIST -> ListKind.LIST;
            case LSUB -> ListKind.LSUB;
            case XLIST -> ListKind.XLIST;
        };
    }

    /**
     * The command's patterns, each joined to the reference, refused with {@code NO [LIMIT]} over the configured
     * bounds: the characters and the wildcards of all full patterns together.
     */
    static List<MailboxPattern> compile(ListMailboxes command, ImapLimits limits) {
        List<String> full = command.patterns().stream().map(p -> MailboxPattern.join(command.reference(), p)).toList();
        long length = full.stream().mapToLong(String::length).sum();
        if (length > limits.maxListPatternLength()) {
            throw ImapException.no(ImapResponses.CODE_LIMIT, "Mailbox patterns longer than "
                    + limits.maxListPatternLength() + " characters");
        }
        long wildcards = full.stream().mapToLong(MailboxPattern::wildcards).sum();
        if (wildcards > limits.maxListWildcards()) {
            throw ImapException.no(ImapResponses.CODE_LIMIT, "Mailbox patterns with more than "
                    + limits.maxListWildcards() + " wildcards");
        }
        return full.stream().map(MailboxPattern::compile).toList();
    }
}
