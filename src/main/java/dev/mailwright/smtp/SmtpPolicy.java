package dev.mailwright.smtp;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import dev.mailwright.smtp.SmtpState.LocalRecipient;
import dev.mailwright.smtp.SmtpState.Recipient;
import dev.mailwright.smtp.SmtpState.RemoteRecipient;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.AccountStore.Destination;
import dev.mailwright.store.Quota;

/** Who may send what to whom: relay refusal, recipient resolution, sender ownership. */
final class SmtpPolicy {
    private final AccountStore accounts;
    private final String postmasterDomain;

    SmtpPolicy(AccountStore accounts, String postmasterDomain) {
        this.accounts = accounts;
        this.postmasterDomain = postmasterDomain;
    }

    sealed interface Decision<T> {
    }

    record Allowed<T>(T value) implements Decision<T> {
    }

    record Refused<T>(SmtpReply reply) implements Decision<T> {
    }

    /** The envelope sender check; on MX anything goes (including {@code <>} for bounces). */
    Optional<SmtpReply> checkSender(Client client, String sender) {
        if (client.account().isEmpty()) {
            return Optional.empty();
        }
        Account account = client.account().get();
        if (sender.isEmpty()) {
            return Optional.of(SmtpReplies.NULL_SENDER_NOT_ALLOWED);
        }
        return accounts.maySendAs(account.id(), sender) ? Optional.empty()
                : Optional.of(SmtpReplies.SENDER_NOT_OWNED.format(sender));
    }

    /**
     * A local-domain address must resolve to an account (550 5.1.1 otherwise) whose quota is not used up (452 4.2.2),
     * or to an alias the admin made to forward to an external address (queued like a remote recipient); any other
     * domain is relayed only for an authenticated client (554 5.7.1 otherwise, on every port).
     */
    Decision<Recipient> checkRecipient(Client client, String address, OptionalLong declaredSize) {
        String normalized = normalize(address);
        String domain = normalized.substring(normalized.lastIndexOf('@') + 1);
        if (accounts.isLocalDomain(domain)) {
            return accounts.resolveDestination(normalized)
                    .map(destination -> local(normalized, destination, declaredSize))
                    .orElseGet(() -> new Refused<>(SmtpReplies.UNKNOWN_USER.format(address)));
        }
        if (client.account().isPresent()) {
            return new Allowed<>(new RemoteRecipient(normalized));
        }
        return new Refused<>(SmtpReplies.RELAY_DENIED.format(address));
    }

    /** Quota at RCPT: 452 when the mailbox is full already, 552 when the declared SIZE cannot fit (RFC 1870 §6.1). */
    private Decision<Recipient> local(String address, Destination destination, OptionalLong declaredSize) {
        return switch (destination) {
            case Destination.Local local -> {
                if (accounts.quotaLimited(local.account())) {   // an account without limits has no usage to read
                    Quota.Usage usage = accounts.quotaUsage(local.account());
                    if (usage.full()) {
                        yield new Refused<>(SmtpReplies.MAILBOX_FULL);
                    }
                    if (declaredSize.isPresent() && !usage.fits(1, declaredSize.getAsLong())) {
                        yield new Refused<>(SmtpReplies.MESSAGE_EXCEEDS_QUOTA);
                    }
                }
                yield new Allowed<>(new LocalRecipient(address, local.account(), local.detail()));
            }
            case Destination.Forward forward -> new Allowed<>(new RemoteRecipient(forward.address()));
        };
    }

    /** Domain in lower case; a bare {@code postmaster} means the postmaster of the primary domain (RFC 5321 §4.5.1). */
    private String normalize(String address) {
        if (address.equalsIgnoreCase("postmaster")) {
            return "postmaster@" + postmasterDomain;
        }
        int at = address.lastIndexOf('@');
        return address.substring(0, at) + "@" + address.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
