package dev.mailwright.imap.processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import dev.mailwright.imap.command.QuotaCommand;
import dev.mailwright.imap.command.QuotaCommand.ResourceLimit;
import dev.mailwright.imap.processor.StoreErrors.Role;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.Quota;
import dev.mailwright.store.StoreException;

/**
 * GETQUOTA, GETQUOTAROOT and SETQUOTA (RFC 9208). Every mailbox of an account shares one quota root, {@code ""};
 * STORAGE is reported in units of 1024 octets, MESSAGE in messages. Only admins may SETQUOTA, on their own root.
 */
public final class QuotaProcessor {
    static final String ROOT = "";
    private static final String STORAGE = "STORAGE";
    private static final String MESSAGE = "MESSAGE";

    private final AccountStore accounts;
    private final MailStore store;

    public QuotaProcessor(AccountStore accounts, MailStore store) {
        this.accounts = accounts;
        this.store = store;
    }

    /** {@code state} is Authenticated or Selected; {@code account} is its account. */
    public Outcome handle(QuotaCommand command, ImapState state, Account account, SessionContext ctx) throws IOException {
        try {
            return switch (command) {
                case QuotaCommand.GetQuotaRoot g -> {
                    if (store.mailbox(account.id(), g.mailbox()).isEmpty()) {
                        throw ImapException.no("NONEXISTENT", "No such mailbox");
                    }
                    Quota.Usage usage = accounts.quotaUsage(account.id());
                    // RFC 9208 §4.1.2: a mailbox without any limit has no quota root
                    ctx.send(new ImapResponse.QuotaRoot(g.mailbox(), usage.limits().unlimited() ? List.of() : List.of(ROOT)));
                    if (!usage.limits().unlimited()) {
                        ctx.send(quota(usage));
                    }
                    yield Outcome.ok(state, "GETQUOTAROOT completed");
                }
                case QuotaCommand.GetQuota g -> {
                    Quota.Usage usage = accounts.quotaUsage(account.id());
                    if (!g.root().equals(ROOT) || usage.limits().unlimited()) {
                        throw ImapException.no("NONEXISTENT", "No such quota root");
                    }
                    ctx.send(quota(usage));
                    yield Outcome.ok(state, "GETQUOTA completed");
                }
                case QuotaCommand.SetQuota s -> {
                    boolean admin = accounts.findAccount(account.id()).map(Account::admin).orElse(false);
                    if (!admin) {
                        throw ImapException.no("NOPERM", "Only an administrator may change quotas");
                    }
                    if (!s.root().equals(ROOT)) {
                        throw ImapException.no("NONEXISTENT", "No such quota root");
                    }
                    accounts.setQuota(account.id(), limits(s.limits()));
                    Quota.Usage usage = accounts.quotaUsage(account.id());
                    if (!usage.limits().unlimited()) {
                        ctx.send(quota(usage));
                    }
                    yield Outcome.ok(state, "SETQUOTA completed");
                }
            };
        } catch (StoreException e) {
            throw StoreErrors.toImap(e, Role.SUBJECT);
        }
    }

    private static Quota limits(List<ResourceLimit> limits) {
        OptionalLong storage = OptionalLong.empty();
        OptionalLong messages = OptionalLong.empty();
        for (ResourceLimit limit : limits) {
            switch (limit.resource()) {
                case STORAGE -> {
                    if (limit.limit() > Long.MAX_VALUE / 1024) {
                        throw ImapException.bad("STORAGE limit out of range");
                    }
                    storage = OptionalLong.of(limit.limit() * 1024);
                }
                case MESSAGE -> messages = OptionalLong.of(limit.limit());
                default -> throw ImapException.no("Unsupported quota resource " + limit.resource());
            }
        }
        return new Quota(storage, messages);
    }

    static ImapResponse.Quota quota(Quota.Usage usage) {
        List<ImapResponse.QuotaResource> resources = new ArrayList<>(2);
        usage.limits().storageBytes().ifPresent(max ->
                resources.add(new ImapResponse.QuotaResource(STORAGE, kib(usage.storageBytes()), max / 1024)));
        usage.limits().messages().ifPresent(max ->
                resources.add(new ImapResponse.QuotaResource(MESSAGE, usage.messages(), max)));
        return new ImapResponse.Quota(ROOT, List.copyOf(resources));
    }

    /** Usage rounds up: a 1-octet mailbox uses 1 KiB (never reports 0 while something is stored). */
    private static long kib(long octets) {
        return (octets + 1023) / 1024;
    }
}
