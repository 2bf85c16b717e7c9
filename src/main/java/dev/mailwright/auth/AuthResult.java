package dev.mailwright.auth;

import dev.mailwright.store.AccountStore.Account;

/** The outcome of a password check. */
public sealed interface AuthResult {

    record Success(Account account) implements AuthResult {
    }

    /** Wrong user or password; deliberately not saying which. */
    record Failure() implements AuthResult {
    }

    /** Too many recent failures from this address or for this account; not even checked. */
    record Throttled() implements AuthResult {
    }
}
