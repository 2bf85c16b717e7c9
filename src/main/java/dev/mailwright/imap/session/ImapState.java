package dev.mailwright.imap.session;

import java.util.Optional;

import dev.mailwright.store.AccountStore.Account;

/** The session states of RFC 3501 §3, each carrying its data. */
public sealed interface ImapState {

    /** The selected mailbox in the Selected state; empty in every other. */
    default Optional<SelectedMailbox> selectedMailbox() {
        return this instanceof Selected s ? Optional.of(s.mailbox()) : Optional.empty();
    }

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
