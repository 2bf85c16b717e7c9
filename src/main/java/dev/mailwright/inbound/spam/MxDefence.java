package dev.mailwright.inbound.spam;

import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.inbound.greylist.Greylist;
import dev.mailwright.inbound.ratelimit.ClientNetworks;
import dev.mailwright.inbound.ratelimit.SlidingWindowLimiter;
import dev.mailwright.inbound.rspamd.RspamdClient;

/**
 * The spam defence of the MX port, asked by the SMTP door at each step: at connect (rate, reverse DNS, DNS lists), at
 * MAIL (message rate), at RCPT (block list, greylisting) and after DATA (rspamd). It refuses or classifies; it never
 * stores mail.
 */
public final class MxDefence {
    private static final Logger log = LoggerFactory.getLogger(MxDefence.class);
    private static final int MAX_TRACKED_CLIENTS = 100_000;

    private final MailwrightProperties.Inbound settings;
    private final MailwrightProperties.Rspamd rspamdSettings;
    private final ClientNetworks exempt;
    private final SlidingWindowLimiter connections;
    private final SlidingWindowLimiter messages;
    private final ReverseDns reverseDns;
    private final DnsLists dnsLists;
    private final Optional<Greylist> greylist;
    private final Optional<RspamdClient> rspamd;
    private final InboundCounters counters;

    public MxDefence(MailwrightProperties.Inbound settings, MailwrightProperties.Rspamd rspamdSettings,
                     ClientLookups lookups, Optional<Greylist> greylist, Optional<RspamdClient> rspamd,
                     InboundCounters counters) {
        this.settings = settings;
        this.rspamdSettings = rspamdSettings;
        MailwrightProperties.RateLimits limits = settings.rateLimits();
        this.exempt = ClientNetworks.parse(limits.exempt());
        this.connections = new SlidingWindowLimiter(limits.connectionsPerWindow(), limits.window(), MAX_TRACKED_CLIENTS);
        this.messages = new SlidingWindowLimiter(limits.messagesPerWindow(), limits.window(), MAX_TRACKED_CLIENTS);
        this.reverseDns = new ReverseDns(lookups);
        this.dnsLists = new DnsLists(lookups, settings.dnsLists().blockZones(), settings.dnsLists().allowZones());
        this.greylist = greylist;
        this.rspamd = rspamd;
        this.counters = counters;
    }

    /** At connect, before the greeting. */
    public Admission admit(InetAddress client) {
        boolean exempted = exempt.contains(client);
        ReverseDns.Check reverse = settings.fcrdns() ? reverseDns.check(client)
                : new ReverseDns.Check(ReverseDns.Result.NONE, "");
        if (!exempted && !connections.tryAcquire(client.getHostAddress(), System.nanoTime())) {
            log.info("{}: connection rate limit reached", client.getHostAddress());
            return new Admission(Optional.of(Refusal.closing("Too many connections from your address, try again later")),
                    reverse, Optional.empty(), false);
        }
        if (exempted || !dnsLists.enabled()) {
            return new Admission(Optional.empty(), reverse, Optional.empty(), exempted);
        }
        Optional<String> allowedBy = dnsLists.allowedBy(client);
        if (allowedBy.isPresent()) {
            return new Admission(Optional.empty(), reverse, Optional.empty(), true);
        }
        return new Admission(Optional.empty(), reverse, dnsLists.blockedBy(client), false);
    }

    /** At MAIL: the message rate (421, the session ends). */
    public Optional<Refusal> messageStart(Admission admission, InetAddress client) {
        if (exempt.contains(client) || messages.tryAcquire(client.getHostAddress(), System.nanoTime())) {
            return Optional.empty();
        }
        log.info("{}: message rate limit reached", client.getHostAddress());
        return Optional.of(Refusal.closing("Too many messages from your address, try again later"));
    }

    /**
     * At RCPT, for a local recipient already known to exist: block-listed clients are refused (except for postmaster,
     * RFC 5321 §4.5.1, so that a listed sender can still ask to be delisted), then greylisting.
     */
    public Optional<Refusal> recipient(Admission admission, InetAddress client, String sender, String recipient) {
        if (admission.blockedBy().isPresent() && !recipient.toLowerCase(Locale.ROOT).startsWith("postmaster@")) {
            counters.count(domainOf(recipient), InboundCounters.Outcome.REFUSED);
            return Optional.of(new Refusal(554, "5.7.1", "Service unavailable; client [" + client.getHostAddress()
                    + "] blocked using " + admission.blockedBy().get(), false));
        }
        if (admission.trusted() || greylist.isEmpty()) {
            return Optional.empty();
        }
        Greylist.Decision decision = greylist.get().check(client, sender, recipient);
        if (decision.pass()) {
            return Optional.empty();
        }
        long seconds = Math.max(1, decision.retryAfter().toSeconds());
        return Optional.of(Refusal.temporary("4.7.1", "Greylisted: first delivery attempt from this sender is deferred; "
                + "please retry in " + seconds + " seconds"));
    }

    /** After DATA: rspamd's action, when configured; otherwise the INBOX with no spam header. */
    public ContentVerdict content(Supplier<InputStream> message, long size, RspamdClient.Envelope envelope) {
        if (rspamd.isEmpty()) {
            return new ContentVerdict.Inbox(List.of());
        }
        if (size > rspamdSettings.maxScanSize().toBytes()) {
            return new ContentVerdict.Inbox(List.of("X-Spam-Status: Unscanned, message larger than the scan limit\r\n"));
        }
        RspamdClient.Scan scan;
        try {
            scan = rspamd.get().check(message, envelope);
        } catch (RspamdClient.Unavailable e) {
            log.warn("{}: rspamd unavailable ({}); {}", envelope.queueId(), e.getMessage(),
                    rspamdSettings.onFailure() == MailwrightProperties.Rspamd.OnFailure.ACCEPT ? "accepted unscanned" : "deferred");
            return switch (rspamdSettings.onFailure()) {
                case ACCEPT -> new ContentVerdict.Inbox(List.of("X-Spam-Status: Unscanned, spam filter unavailable\r\n"));
                case TEMPFAIL -> new ContentVerdict.Refuse(Refusal.temporary("4.7.1",
                        "Spam filter temporarily unavailable, try again later"));
            };
        }
        log.info("{}: rspamd {} score {}", envelope.queueId(), scan.action(), scan.score());
        return switch (scan.action()) {
            case REJECT -> new ContentVerdict.Refuse(Refusal.permanent("5.7.1",
                    "Message refused as spam" + scan.smtpMessage().map(m -> ": " + printable(m)).orElse("")));
            case SOFT_REJECT, GREYLIST -> new ContentVerdict.Refuse(Refusal.temporary("4.7.1",
                    "Message deferred by the spam filter, try again later"));
            case ADD_HEADER, REWRITE_SUBJECT -> new ContentVerdict.Junk(spamHeaders(scan, true));
            case NO_ACTION -> new ContentVerdict.Inbox(spamHeaders(scan, false));
        };
    }

    /** Counts one message's outcome for each recipient domain. */
    public void count(List<String> recipients, InboundCounters.Outcome outcome) {
        recipients.stream().map(MxDefence::domainOf).forEach(domain -> counters.count(domain, outcome));
    }

    public boolean scanning() {
        return rspamd.isPresent();
    }

    static List<String> spamHeaders(RspamdClient.Scan scan, boolean spam) {
        String score = String.format(Locale.ROOT, "%.2f", scan.score());
        String required = String.format(Locale.ROOT, "%.2f", scan.requiredScore());
        List<String> lines = new ArrayList<>();
        lines.add("X-Spam-Status: " + (spam ? "Yes" : "No") + ", score=" + score + " required=" + required
                + " action=" + scan.action().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "\r\n");
        if (spam) {
            lines.add("X-Spam-Flag: YES\r\n");
        }
        lines.add("X-Spam-Score: " + score + "\r\n");
        if (!scan.symbols().isEmpty()) {
            lines.add("X-Spam-Symbols: " + String.join(",\r\n\t", scan.symbols().stream().map(MxDefence::printable).toList()) + "\r\n");
        }
        return lines;
    }

    static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    private static String printable(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 200 ? clean.substring(0, 200) : clean;
    }

}
