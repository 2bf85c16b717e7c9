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
 * Returns undeliverable mail to its sender as a DSN: to a local sender like any other local delivery (through
 * {@link LocalDelivery}, so the sender's Sieve script sorts it), through the outbound queue (with the null sender)
 * otherwise. Never bounces a bounce.
 */
final class Bouncer {
    private static final Logger log = LoggerFactory.getLogger(Bouncer.class);

    private final MailStore store;
    private final LocalDelivery localDelivery;
    private final AccountStore accounts;
    private final String hostname;
    private final Clock clock;
    private final MailTexts texts;

    Bouncer(MailStore store, LocalDelivery localDelivery, AccountStore accounts, String hostname, Clock clock) {
        this.store = store;
        this.localDelivery = localDelivery;
        this.accounts = accounts;
        this.texts = new MailTexts(accounts);
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
                    ZonedDateTime.now(clock.withZone(ZoneOffset.UTC)), texts.bounce(sender));

        } catch (IOException e) {
            throw new IllegalStateException("cannot read queued message " + blobHash + " to bounce it", e);
        }
        String domain = sender.substring(sender.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (accounts.isLocalDomain(domain)) {
            Optional<AccountId> owner = accounts.resolveRecipient(sender);
            if (owner.isEmpty()) {
                log.warn("Dropping bounce for unknown local sender {}", sender);
                return;
            }
            localDelivery.accept(MessageSource.of(dsn), new MailStore.Envelope("", List.of(owner.get()), List.of()), Optional.empty());
        } else {
            store.accept(MessageSource.of(dsn), new MailStore.Envelope("", List.of(), List.of(sender)));
        }
        log.info("Bounced mail from {} for {}: {}", sender, failure.address(), failure.diagnostic());
    }
}
