package dev.mailwright.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.sieve.ParsedSieveMessage;
import dev.mailwright.sieve.SieveAction;
import dev.mailwright.sieve.SieveException;
import dev.mailwright.sieve.SieveLimits;
import dev.mailwright.sieve.SieveResult;
import dev.mailwright.sieve.SieveScript;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.SieveScripts;
import dev.mailwright.store.SystemFlag;

/**
 * Every local delivery goes through here (MX, submission, the webmail, bounces): each local recipient's active Sieve
 * script decides where its copy goes, then one store transaction files every copy and queues every outbound one,
 * then vacation replies and rejection notices go out. A script that fails to compile or run files the message into
 * the INBOX (never loses it) and the error is recorded for the user's filters page ({@link SieveScripts#recordError}).
 *
 * <p>Redirect keeps the original envelope sender only when it is one of our domains (our SPF covers it) or null;
 * any other sender is rewritten to the redirecting account's address, so SPF at the next hop passes and bounces
 * come back to the account that redirected.
 */
public class LocalDelivery {
    private static final Logger log = LoggerFactory.getLogger(LocalDelivery.class);
    /** RFC 5321 §6.3: a message with this many Received fields is looping; it is not redirected again. */
    private static final int MAX_HOPS = 25;

    private final MailStore store;
    private final AccountStore accounts;
    private final SieveScripts scripts;
    private final SieveLimits limits;
    private final CompiledScripts compiled;
    private final SieveReplies replies;
    private final Clock clock;

    public LocalDelivery(MailStore store, AccountStore accounts, SieveScripts scripts, SieveLimits limits, String hostname, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.scripts = scripts;
        this.limits = limits;
        this.compiled = new CompiledScripts(limits, 1_000);
        this.replies = new SieveReplies(store, accounts, scripts, hostname, clock);
        this.clock = clock;
    }

    /** What the scripts decided for one message, before anything is stored. */
    public record Plan(MailStore.Envelope envelope, List<SieveReplies.FollowUp> followUps,
                       Optional<String> protocolRejection) {
    }

    /** Runs each local recipient's script. {@code spamTest}: RFC 5235's value when inbound checks ran. */
    public Plan plan(MessageSource raw, MailStore.Envelope envelope, Optional<Integer> spamTest) {
        Map<AccountId, List<MailStore.Placement>> placements = new LinkedHashMap<>();
        List<MailStore.Forward> forwards = new ArrayList<>();
        List<SieveReplies.FollowUp> followUps = new ArrayList<>();
        Optional<String> protocolRejection = Optional.empty();
        ParsedSieveMessage parsed = null;
        for (AccountId account : new LinkedHashSet<>(envelope.localRecipients())) {
            Optional<SieveScripts.Script> active = scripts.active(account);
            Optional<AccountStore.Account> owner = accounts.findAccount(account);
            if (active.isEmpty() || owner.isEmpty()) {
                continue;
            }
            SieveScript script;
            try {
                script = compiled.get(account, active.get());
            } catch (SieveException e) {
                log.warn("Sieve script {} of {} does not compile; delivered to the INBOX: {}", active.get().name(),
                        owner.get().address(), e.getMessage());
                recordError(account, active.get().name(), e.getMessage());
                continue;
            }
            if (parsed == null) {
                parsed = parse(raw, envelope.sender(), owner.get().address(), spamTest);
            }
            ParsedSieveMessage message = parsed.forRecipient(owner.get().address());
            SieveResult result = script.run(message);
            result.error().ifPresent(error -> {
                log.warn("Sieve script {} of {} failed; delivered to the INBOX: {}", active.get().name(), owner.get().address(), error);
                recordError(account, active.get().name(), error);
            });
            List<MailStore.Placement> copies = new ArrayList<>();
            for (SieveAction action : result.actions()) {
                switch (action) {
                    case SieveAction.Keep keep -> copies.add(new MailStore.Placement(Optional.empty(), flags(keep.flags()), false));
                    case SieveAction.FileInto into -> copies.add(new MailStore.Placement(Optional.of(into.mailbox()), flags(into.flags()), into.create()));
                    case SieveAction.Discard discard -> log.info("Sieve of {} discarded a message from <{}>", owner.get().address(), envelope.sender());
                    case SieveAction.Redirect redirect -> {
                        if (message.header("Received").size() >= MAX_HOPS) {
                            log.warn("Sieve of {}: not redirecting a message with {}+ Received fields (loop); kept", owner.get().address(), MAX_HOPS);
                            copies.add(MailStore.Placement.FOLDER);
                        } else {
                            forwards.add(new MailStore.Forward(redirectSender(envelope.sender(), owner.get().address()), redirect.address()));
                        }
                    }
                    case SieveAction.Reject reject -> {
                        boolean alone = envelope.localRecipients().stream().distinct().count() == 1 && envelope.remoteRecipients().isEmpty();
                        if (alone) {
                            protocolRejection = Optional.of(reject.reason());
                        }
                        followUps.add(new SieveReplies.FollowUp.Rejection(account, owner.get().address(), envelope.sender(), reject.reason()));
                    }
                    case SieveAction.Vacation vacation -> followUps.add(new SieveReplies.FollowUp.Reply(account,
                            owner.get().address(), envelope.sender(), vacation));
                }
            }
            placements.put(account, copies);
        }
        return new Plan(envelope.withRouting(placements, forwards), followUps, protocolRejection);
    }

    /**
     * Stores what the plan says in one transaction, then sends its replies. {@code rejectedAtProtocol}: the SMTP
     * session already refused the message with the script's reason, so no rejection notice is sent.
     */
    public MailStore.Delivery deliver(MessageSource raw, Plan plan, boolean rejectedAtProtocol) {
        MailStore.Delivery delivery = store.accept(raw, plan.envelope());
        for (SieveReplies.FollowUp followUp : plan.followUps()) {
            if (rejectedAtProtocol && followUp instanceof SieveReplies.FollowUp.Rejection) {
                continue;
            }
            try {
                replies.send(followUp, raw);
            } catch (RuntimeException e) {
                log.warn("Sieve reply of {} to <{}> not sent: {}", followUp.accountAddress(), followUp.sender(), e.toString());
            }
        }
        return delivery;
    }

    /** {@link #plan} then {@link #deliver}, for callers that cannot refuse at the protocol level. */
    public MailStore.Delivery accept(MessageSource raw, MailStore.Envelope envelope, Optional<Integer> spamTest) {
        return deliver(raw, plan(raw, envelope, spamTest), false);
    }

    /** For the user's filters page; a failure to record never stops the delivery. */
    private void recordError(AccountId account, String scriptName, String error) {
        try {
            scripts.recordError(account, scriptName, error, clock.instant());
        } catch (RuntimeException e) {
            log.warn("Sieve error of account #{} not recorded: {}", account.value(), e.toString());
        }
    }

    private String redirectSender(String sender, String accountAddress) {
        if (sender.isEmpty()) {
            return sender;
        }
        String domain = sender.substring(sender.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return accounts.isLocalDomain(domain) ? sender : accountAddress;
    }

    private static Flags flags(Set<String> names) {
        Set<SystemFlag> system = java.util.EnumSet.noneOf(SystemFlag.class);
        Set<String> keywords = new LinkedHashSet<>();
        for (String name : names) {
            Optional<SystemFlag> flag = java.util.Arrays.stream(SystemFlag.values())
                    .filter(f -> f.imapName().equalsIgnoreCase(name)).findFirst();
            if (flag.isPresent()) {
                system.add(flag.get());
            } else if (!name.startsWith("\\") && name.length() <= 100 && name.chars().allMatch(c -> c > 0x20 && c < 0x7f
                    && "(){%*\"\\]".indexOf(c) < 0)) {
                keywords.add(name);   // an IMAP atom; anything else cannot be a keyword and is dropped
            }
        }
        return new Flags(system, keywords);
    }

    private ParsedSieveMessage parse(MessageSource raw, String sender, String recipient, Optional<Integer> spamTest) {
        try (InputStream in = raw.open()) {
            byte[] start = in.readNBytes(ParsedSieveMessage.MAX_READ);
            return ParsedSieveMessage.of(start, raw.size(), sender, recipient, spamTest);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the message for Sieve", e);
        }
    }

    /** Compiled scripts by account, replaced when the stored script changes; bounded. */
    static final class CompiledScripts {
        private record Compiled(String name, java.time.Instant updatedAt, SieveScript script) {
        }

        private final SieveLimits limits;
        private final Map<AccountId, Compiled> cache;

        CompiledScripts(SieveLimits limits, int capacity) {
            this.limits = limits;
            this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<AccountId, Compiled> eldest) {
                    return size() > capacity;
                }
            });
        }

        SieveScript get(AccountId account, SieveScripts.Script stored) throws SieveException {
            Compiled entry = cache.get(account);
            if (entry != null && entry.name().equals(stored.name()) && entry.updatedAt().equals(stored.updatedAt())) {
                return entry.script();
            }
            SieveScript script = SieveScript.compile(stored.content(), limits);
            cache.put(account, new Compiled(stored.name(), stored.updatedAt(), script));
            return script;
        }
    }
}
