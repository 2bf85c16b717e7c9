package dev.mailwright.imap.processor;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import dev.mailwright.imap.command.AclCommand;
import dev.mailwright.imap.processor.StoreErrors.Role;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailStore.AclEntry;
import dev.mailwright.store.MailStore.RightsChange;
import dev.mailwright.store.Right;
import dev.mailwright.store.Rights;
import dev.mailwright.store.StoreException;

/**
 * SETACL, DELETEACL, GETACL, LISTRIGHTS and MYRIGHTS (RFC 4314 §3). The store checks the rights ({@code a} for all
 * but MYRIGHTS) and keeps the ACL; this class reads the rights argument and writes the responses. Identifiers are
 * account addresses and {@code anyone}; the owner always has every right and cannot be given an entry.
 */
public final class AclProcessor {
    /** LISTRIGHTS for anyone but the owner: no right is tied to another, each may be granted alone. */
    private static final List<String> INDEPENDENT_RIGHTS = List.of("l", "r", "s", "w", "i", "p", "k", "x", "t", "e", "a", "c", "d");

    private final MailStore store;

    public AclProcessor(MailStore store) {
        this.store = store;
    }

    /** {@code state} is Authenticated or Selected; {@code account} is its account. */
    public Outcome handle(AclCommand command, ImapState state, Account account, SessionContext ctx) throws IOException {
        try {
            return switch (command) {
                case AclCommand.SetAcl s -> {
                    store.changeRights(account.id(), s.mailbox(), s.identifier(), change(s.rights()));
                    yield Outcome.ok(state, "SETACL completed");
                }
                case AclCommand.DeleteAcl d -> {
                    store.deleteRights(account.id(), d.mailbox(), d.identifier());
                    yield Outcome.ok(state, "DELETEACL completed");
                }
                case AclCommand.GetAcl g -> {
                    List<ImapResponse.AclGrant> grants = store.acl(account.id(), g.mailbox()).stream()
                            .map(e -> new ImapResponse.AclGrant(e.identifier(), e.rights().withVirtualRights()))
                            .toList();
                    ctx.send(new ImapResponse.Acl(g.mailbox(), grants));
                    yield Outcome.ok(state, "GETACL completed");
                }
                case AclCommand.ListRights l -> {
                    List<AclEntry> acl = store.acl(account.id(), l.mailbox());
                    boolean owner = acl.getFirst().identifier().equalsIgnoreCase(l.identifier());
                    ctx.send(owner
                            ? new ImapResponse.ListRights(l.mailbox(), l.identifier(), Rights.ALL.withVirtualRights(), List.of())
                            : new ImapResponse.ListRights(l.mailbox(), l.identifier(), "", INDEPENDENT_RIGHTS));
                    yield Outcome.ok(state, "LISTRIGHTS completed");
                }
                case AclCommand.MyRights m -> {
                    Rights rights = store.myRights(account.id(), m.mailbox())
                            .orElseThrow(() -> ImapException.no(ImapResponses.CODE_NONEXISTENT, ImapResponses.NO_SUCH_MAILBOX));
                    ctx.send(new ImapResponse.MyRights(m.mailbox(), rights.withVirtualRights()));
                    yield Outcome.ok(state, "MYRIGHTS completed");
                }
            };
        } catch (StoreException e) {
            throw StoreErrors.toImap(e, Role.SUBJECT);
        }
    }

    /** RFC 4314 §3.1: {@code +} adds, {@code -} removes, else the rights replace; an unknown right is BAD, never ignored. */
    static RightsChange change(String text) {
        try {
            return RightsChange.parse(text);
        } catch (IllegalArgumentException e) {
            throw ImapException.bad(e.getMessage());
        }
    }

    /**
     * SELECT's flag responses with PERMANENTFLAGS narrowed to the flags these rights may change (RFC 4314 §4: \Seen
     * needs s, \Deleted t, every other flag, keyword and {@code \*} w).
     */
    static List<ImapResponse.Untagged> permittedFlags(List<ImapResponse.Untagged> responses, Rights rights) {
        String prefix = "PERMANENTFLAGS (";
        return responses.stream().map(response -> {
            if (!(response instanceof ImapResponse.StatusLine line) || line.code().isEmpty()
                    || !line.code().get().startsWith(prefix) || !line.code().get().endsWith(")")) {
                return response;
            }
            String inner = line.code().get().substring(prefix.length(), line.code().get().length() - 1);
            List<String> kept = java.util.Arrays.stream(inner.split(" ")).filter(flag -> !flag.isEmpty())
                    .filter(flag -> switch (flag.toLowerCase(java.util.Locale.ROOT)) {
                        case "\\seen" -> rights.has(Right.KEEP_SEEN);
                        case "\\deleted" -> rights.has(Right.DELETE_MESSAGES);
                        default -> rights.has(Right.WRITE);
                    }).toList();
            return (ImapResponse.Untagged) new ImapResponse.StatusLine(line.status(),
                    Optional.of(prefix + String.join(" ", kept) + ")"), line.text());
        }).toList();
    }

    /** Whether a selected mailbox may be changed at all with these rights (else SELECT opens it read-only). */
    public static boolean writable(Rights rights) {
        return rights.hasAny(Right.KEEP_SEEN, Right.WRITE, Right.DELETE_MESSAGES, Right.EXPUNGE);
    }
}
