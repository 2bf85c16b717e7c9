package dev.mailwright.store;

import java.util.Locale;

/**
 * An account, alias, domain or settings change refused for a reason the admin can fix. The message is English (the
 * command line and logs print it); the webmail says the {@link Reason} in the reader's language through
 * {@link Reason#messageKey()} with {@link #subject()} as its one argument.
 */
public final class AccountRefusal extends IllegalArgumentException {
    private final transient Reason reason;
    private final String subject;

    public enum Reason {
        ACCOUNT_DOMAIN_NOT_LOCAL("The domain of %s is not a local domain: add the domain first"),
        DOMAIN_NOT_LOCAL("Not a local domain: %s"),
        INVALID_TARGET("Not a valid target address: %s"),
        LOCAL_TARGET_NOT_ACCOUNT("No account %s (a local target must be an account)"),
        PASSWORD_TOO_SHORT("The password needs at least %s characters"),
        ACCOUNT_EXISTS("Account already exists: %s"),
        SIGNATURE_TOO_LONG("The signature is longer than %s characters"),
        NOT_A_LANGUAGE("Not a language tag: %s"),
        DOMAIN_CONFIGURED("Domain %s is configured in mailwright.domains; remove it there"),
        DOMAIN_IN_USE("Domain %s still has accounts or aliases; remove them first"),
        FORWARD_TARGET_LOCAL("Forward target %s is local: make an alias to the account instead"),
        ALIAS_EXISTS("Alias already exists: %s"),
        INVALID_ADDRESS("Not a valid address: %s"),
        INVALID_DOMAIN("Not a valid domain: %s");

        private final String english;

        Reason(String english) {
            this.english = english;
        }

        /** {@code refusal.accountDomainNotLocal} and so on, in messages.properties. */
        public String messageKey() {
            StringBuilder key = new StringBuilder("refusal.");
            boolean upper = false;
            for (char c : name().toLowerCase(Locale.ROOT).toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    key.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return key.toString();
        }
    }

    public AccountRefusal(Reason reason, Object subject) {
        super(String.format(Locale.ROOT, reason.english, subject));
        this.reason = reason;
        this.subject = String.valueOf(subject);
    }

    public Reason reason() {
        return reason;
    }

    /** The address, domain, tag or number the refusal is about. */
    public String subject() {
        return subject;
    }
}
