package dev.mailwright.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLSocketFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.delivery.client.SmtpClient;
import dev.mailwright.delivery.client.SmtpClientException;
import dev.mailwright.delivery.client.SmtpReply;
import dev.mailwright.delivery.client.TlsPolicy;
import dev.mailwright.delivery.dkim.DkimKeys;
import dev.mailwright.delivery.dkim.DkimSigner;
import dev.mailwright.delivery.dsn.DeliveryStatusNotification.FailedRecipient;
import dev.mailwright.delivery.route.OutboundRoute;
import dev.mailwright.delivery.route.OutboundRouter;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.OutboundQueue;
import dev.mailwright.store.OutboundQueue.Entry;

/**
 * Sends due queue entries to remote servers. Entries are grouped by route so that one connection carries
 * several messages; each route is worked by one virtual thread, at most {@code workers} at once. 2xx
 * completes an entry, 5xx bounces it, 4xx and network failures retry with exponential backoff until the
 * message's lifetime ends, then it bounces.
 */
public final class OutboundDelivery {
    private static final Logger log = LoggerFactory.getLogger(OutboundDelivery.class);

    private final MailwrightProperties.Delivery config;
    private final String hostname;
    private final OutboundQueue queue;
    private final MailStore store;
    private final AccountStore accounts;
    private final OutboundRouter router;
    private final Bouncer bouncer;
    private final DkimKeys dkimKeys;
    private final DkimSigner dkimSigner;
    private final TlsFactories tls;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final long maxMessageSize;
    private final Semaphore connections;

    OutboundDelivery(MailwrightProperties properties, OutboundQueue queue, MailStore store, AccountStore accounts,
                     OutboundRouter router, DkimKeys dkimKeys, TlsFactories tls, DeliveryMetrics metrics, Clock clock,
                     LocalDelivery localDelivery) {
        this.config = properties.delivery();
        this.hostname = properties.hostname();
        this.queue = queue;
        this.store = store;
        this.accounts = accounts;
        this.router = router;
        this.bouncer = new Bouncer(store, localDelivery, accounts, properties.hostname(), clock);
        this.dkimKeys = dkimKeys;
        this.dkimSigner = new DkimSigner(clock);
        this.tls = tls;
        this.metrics = metrics;
        this.clock = clock;
        this.maxMessageSize = properties.smtpLimits().maxMessageSize().toBytes();
        this.connections = new Semaphore(Math.max(1, config.workers()));
    }

    /** Claims what is due and works it off. Returns how many entries were claimed. */
    public int deliverDue() {
        List<Entry> due = queue.claimDue(Math.max(1, config.workers()) * 16, config.lease());
        if (due.isEmpty()) {
            return 0;
        }
        Map<String, List<Entry>> byConnection = new LinkedHashMap<>();
        Map<String, OutboundRoute> routes = new LinkedHashMap<>();
        for (Entry entry : due) {
            switch (router.route(domainOf(entry.recipient()))) {
                case OutboundRouter.Decision.Deliver deliver -> {
                    routes.putIfAbsent(deliver.route().connectionKey(), deliver.route());
                    byConnection.computeIfAbsent(deliver.route().connectionKey(), k -> new ArrayList<>()).add(entry);
                }
                case OutboundRouter.Decision.Permanent permanent -> fail(entry, "5.1.2", "550 5.1.2 " + permanent.reason(), null);
                case OutboundRouter.Decision.Temporary temporary -> defer(entry, temporary.reason());
            }
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            byConnection.forEach((key, entries) -> running.add(threads.submit(() -> deliverOverOneConnection(routes.get(key), entries))));
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.error("Outbound delivery failed unexpectedly", e.getCause());
        }
        return due.size();
    }

    private void deliverOverOneConnection(OutboundRoute route, List<Entry> entries) {
        connections.acquireUninterruptibly();
        SmtpClient client = null;
        try {
            for (Entry entry : entries) {
                try {
                    byte[] message = prepare(entry);
                    if (client == null) {
                        client = connect(route);
                    }
                    Optional<Long> limit = client.sizeLimit();
                    if (limit.isPresent() && limit.get() > 0 && message.length > limit.get()) {
                        fail(entry, "5.3.4", "552 5.3.4 message larger than " + client.host() + " accepts (" + limit.get() + ")", client.host());
                        continue;
                    }
                    SmtpReply reply = client.send(entry.sender(), List.of(entry.recipient()), MessageSource.of(message), traits(entry, message))
                            .getFirst();
                    outcome(entry, reply, client.host());
                } catch (SmtpClientException e) {
                    if (e.isPermanent()) {
                        SmtpReply reply = e.reply().orElseThrow();
                        fail(entry, statusOf(reply), reply.summary(), client == null ? null : client.host());
                    } else {
                        defer(entry, e.getMessage());
                    }
                    client = closeQuietly(client);
                } catch (IOException e) {
                    defer(entry, "connection to " + route.hosts() + " failed: " + e.getMessage());
                    client = closeQuietly(client);
                }
            }
        } catch (RuntimeException e) {
            log.error("Outbound delivery via {} failed; entries return to the queue when their lease ends", route.hosts(), e);
        } finally {
            closeQuietly(client);
            connections.release();
        }
    }

    private SmtpClient connect(OutboundRoute route) throws IOException {
        IOException last = null;
        for (String host : route.hosts()) {
            try {
                return SmtpClient.connect(host, route.port(), hostname, route.tls(), tls.forPolicy(route.tls()), route.credentials(),
                        config.connectTimeout());
            } catch (SmtpClientException e) {
                if (e.isPermanent()) {
                    throw e;
                }
                last = e;
            } catch (IOException e) {
                last = e;
            }
            log.info("Outbound: {}:{} unavailable ({}), trying the next host", host, route.port(), last.getMessage());
        }
        throw last == null ? new IOException("no host to connect to") : last;
    }

    private byte[] prepare(Entry entry) throws IOException {
        byte[] message;
        try (InputStream in = store.openMessage(entry.blobHash())) {
            message = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxMessageSize + 1024 * 1024));
        }
        String senderDomain = domainOf(entry.sender());
        if (config.dkim() && !senderDomain.isEmpty() && accounts.isLocalDomain(senderDomain)) {
            String signature = dkimSigner.sign(message, senderDomain, DkimKeys.SELECTOR, dkimKeys.forDomain(senderDomain).getPrivate());
            byte[] header = signature.getBytes(StandardCharsets.US_ASCII);
            byte[] signed = new byte[header.length + message.length];
            System.arraycopy(header, 0, signed, 0, header.length);
            System.arraycopy(message, 0, signed, header.length, message.length);
            return signed;
        }
        return message;
    }

    private void outcome(Entry entry, SmtpReply reply, String host) {
        if (reply.isPositive()) {
            queue.complete(entry);
            metrics.delivered();
            log.info("Delivered mail from <{}> to <{}> via {}: {}", entry.sender(), entry.recipient(), host, reply.summary());
        } else if (reply.isPermanent()) {
            fail(entry, statusOf(reply), reply.summary(), host);
        } else {
            defer(entry, host + " said " + reply.summary());
        }
    }

    private void defer(Entry entry, String reason) {
        Instant now = clock.instant();
        Duration delay = backoff(entry.attempts());
        if (now.plus(delay).isAfter(entry.createdAt().plus(config.maxLifetime()))) {
            fail(entry, "4.4.7", "message expired after " + entry.attempts() + " attempts; last error: " + reason, null);
            return;
        }
        queue.retryAt(entry, now.plus(delay), reason);
        metrics.deferred();
        log.info("Deferred mail from <{}> to <{}> (attempt {}), next in {}: {}", entry.sender(), entry.recipient(),
                entry.attempts(), delay, reason);
    }

    private void fail(Entry entry, String status, String diagnostic, String remoteMta) {
        bouncer.bounce(entry.sender(), entry.blobHash(), new FailedRecipient(entry.recipient(), status, diagnostic, remoteMta));
        queue.complete(entry);
        metrics.bounced();
        log.info("Failed mail from <{}> to <{}>: {}", entry.sender(), entry.recipient(), diagnostic);
    }

    Duration backoff(int attempts) {
        Duration delay = config.firstRetry();
        for (int i = 1; i < attempts && delay.compareTo(config.maxRetryInterval()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(config.maxRetryInterval()) > 0 ? config.maxRetryInterval() : delay;
    }

    private static SmtpClient.MessageTraits traits(Entry entry, byte[] message) {
        boolean eightBit = false;
        for (byte b : message) {
            if (b < 0) {
                eightBit = true;
                break;
            }
        }
        boolean international = !StandardCharsets.US_ASCII.newEncoder().canEncode(entry.sender() + entry.recipient());
        return new SmtpClient.MessageTraits(eightBit, international);
    }

    private static String statusOf(SmtpReply reply) {
        String first = reply.lines().isEmpty() ? "" : reply.lines().getFirst();
        String candidate = first.split(" ", 2)[0];
        return candidate.matches("[245]\\.\\d{1,3}\\.\\d{1,3}") ? candidate : (reply.code() / 100) + ".0.0";
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static SmtpClient closeQuietly(SmtpClient client) {
        if (client != null) {
            client.close();
        }
        return null;
    }

    /** TLS socket factories per policy: opportunistic TLS does not verify (RFC 7435), required TLS does. */
    interface TlsFactories {
        SSLSocketFactory forPolicy(TlsPolicy policy);
    }

    /** Counters behind the Micrometer meters. */
    interface DeliveryMetrics {
        void delivered();

        void deferred();

        void bounced();
    }
}
