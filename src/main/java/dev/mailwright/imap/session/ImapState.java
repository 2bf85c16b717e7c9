package dev.mailwright.imap.session;

import dev.mailwright.store.AccountStore.Account;

/** The session states of RFC 3501 §3, each carrying its data. */
public sealed interface ImapState {

    record NotAuthenticated() implements ImapState {
    }

    record Authenticated(Account account) implements ImapState {
    }

    record Selected(Account account, SelectedMailbox mailbox) implements ImapState {
        public Authenticated deselect() {
            return new Authenticated(account);
        }
    }

    record LoggedOut() implements ImapState {
    }
}
