package dev.mailwright.store;

/**
 * Who may sign in as an account, or with which rights, changed: published by {@link AccountStore} after the change
 * commits (password set, account enabled or disabled, admin role granted or revoked), whichever door made it (admin
 * pages, settings page, command line). The authenticator drops what it remembers about the account.
 */
public record AccountAccessChanged(AccountId account, Change change) {

    public enum Change {
        PASSWORD, ENABLED, DISABLED, ADMIN_GRANTED, ADMIN_REVOKED
    }
}
