package dev.mailwright.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.delivery.dsn.DeliveryStatusNotification;
import dev.mailwright.delivery.dsn.DeliveryStatusNotification.FailedRecipient;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageSource;

/**
 * Returns undeliverable mail to its sender as a DSN: into the sender's INBOX when the sender is local,
 * through the outbound queue (with the null sender) otherwise. Never bounces a bounce.
 */
final class Bouncer {
    private static final Logger log = LoggerFactory.getLogger(Bouncer.class);

    private final MailStore store;
    private final AccountStore accounts;
    private final String hostname;
    private final Clock clock;

    Bouncer(MailStore store, AccountStore accounts, String hostname, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.hostname = hostname;
        this.clock = clock;
    }

    void bounce(String sender, String blobHash, FailedRecipient failure) {
        if (DeliveryStatusNotification.isNullSender(sender)) {
            log.warn("Dropping undeliverable bounce to {}: {}", failure.address(), failure.diagnostic());
            return;
        }
        byte[] dsn;
        try (InputStream original = store.openMessage(blobHash)) {
            dsn = DeliveryStatusNotification.build(hostname, "postmaster@" + hostname, sender, List.of(failure), original,
                    ZonedDateTime.now(clock.withZone(ZoneOffset.UTC)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read queued message " + blobHash + " to bounce it", e);
        }
        String domain = sender.substring(sender.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        MailStore.Envelope envelope;
        if (accounts.isLocalDomain(domain)) {
            Optional<AccountId> owner = accounts.resolveRecipient(sender);
            if (owner.isEmpty()) {
                log.warn("Dropping bounce for unknown local sender {}", sender);
                return;
            }
            envelope = new MailStore.Envelope("", List.of(owner.get()), List.of());
        } else {
            envelope = new MailStore.Envelope("", List.of(), List.of(sender));
        }
        store.accept(MessageSource.of(dsn), envelope);
        log.info("Bounced mail from {} for {}: {}", sender, failure.address(), failure.diagnostic());
    }
}
