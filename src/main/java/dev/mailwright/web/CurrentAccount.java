package dev.mailwright.web;

import java.security.Principal;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxId;
import dev.mailwright.store.MailboxInfo;

/**
 * The signed-in account, and the mailboxes it may see. Every mailbox id in a URL goes through
 * {@link #mailbox}: an id of another account's mailbox answers 404, exactly like a missing one.
 */
@Component
public class CurrentAccount {
    private final AccountStore accounts;
    private final MailStore store;

    CurrentAccount(AccountStore accounts, MailStore store) {
        this.accounts = accounts;
        this.store = store;
    }

    public Account of(Principal principal) {
        return accounts.findAccount(principal.getName())
                .filter(Account::enabled)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, "account not available"));
    }

    public MailboxInfo mailbox(Principal principal, long mailboxId) {
        return store.mailbox(of(principal).id(), new MailboxId(mailboxId))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such folder"));
    }
}
