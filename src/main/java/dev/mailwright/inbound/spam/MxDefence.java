package dev.mailwright.inbound.spam;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.dns.DnsResolver;
import dev.mailwright.inbound.greylist.Greylist;
import dev.mailwright.inbound.ratelimit.ClientNetworks;
import dev.mailwright.inbound.ratelimit.SlidingWindowLimiter;

/**
 * The spam defence of the MX port, asked by the SMTP door at each step: at connect (rate, reverse DNS, DNS lists), at
 * MAIL (message rate) and at RCPT (block list, greylisting); content is {@link ContentScoring}'s. It refuses; it
 * never stores mail.
 */
public final class MxDefence {
    private static final Logger log = LoggerFactory.getLogger(MxDefence.class);
    private static final int MAX_TRACKED_CLIENTS = 100_000;

    private final MailwrightProperties.Inbound settings;
    private final ClientNetworks exempt;
    private final SlidingWindowLimiter connections;
    private final SlidingWindowLimiter messages;
    private final ReverseDns reverseDns;
    private final DnsLists dnsLists;
    private final Optional<Greylist> greylist;
    private final InboundCounters counters;

    public MxDefence(MailwrightProperties.Inbound settings,
                     DnsResolver resolver, Optional<Greylist> greylist, InboundCounters counters) {
        this.settings = settings;
        MailwrightProperties.RateLimits limits = settings.rateLimits();
        this.exempt = ClientNetworks.parse(limits.exempt());
        this.connections = new SlidingWindowLimiter(limits.connectionsPerWindow(), limits.window(), MAX_TRACKED_CLIENTS);
        this.messages = new SlidingWindowLimiter(limits.messagesPerWindow(), limits.window(), MAX_TRACKED_CLIENTS);
        this.reverseDns = new ReverseDns(resolver);
        this.dnsLists = new DnsLists(resolver, settings.dnsLists().blockZones(), settings.dnsLists().allowZones());
        this.greylist = greylist;
        this.counters = counters;
    }

    /** The reverse DNS check alone (answers come from the resolver's cache after {@link #admit}). */
    public ReverseDns.Check reverseDns(InetAddress client) {
        return settings.fcrdns() ? reverseDns.check(client) : new ReverseDns.Check(ReverseDns.Result.NONE, "");
    }

    /** At connect, before the greeting. */
    public Admission admit(InetAddress client) {
        boolean exempted = exempt.contains(client);
        ReverseDns.Check reverse = reverseDns(client);
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
    public Optional<Refusal> messageStart(InetAddress client) {
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

    /** Counts one message's outcome for each recipient domain. */
    public void count(List<String> recipients, InboundCounters.Outcome outcome) {
        recipients.stream().map(MxDefence::domainOf).forEach(domain -> counters.count(domain, outcome));
    }

    static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

}
