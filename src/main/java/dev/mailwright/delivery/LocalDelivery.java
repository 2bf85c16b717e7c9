package dev.mailwright.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
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

import dev.mailwright.sieve.HeaderEdits;
import dev.mailwright.sieve.ParsedSieveMessage;
import dev.mailwright.sieve.SieveAction;
import dev.mailwright.sieve.SieveEnvironment;
import dev.mailwright.sieve.SieveException;
import dev.mailwright.sieve.SieveLimits;
import dev.mailwright.sieve.SieveRatings;
import dev.mailwright.sieve.SieveResult;
import dev.mailwright.sieve.SieveScript;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.SieveDuplicates;
import dev.mailwright.store.SieveScripts;

/**
 * Every local delivery goes through here (MX, submission, the webmail, bounces): each local recipient's active Sieve
 * script decides where its copy goes, then one store transaction files every copy and queues every outbound one,
 * then vacation replies and rejection notices go out. A script that fails to compile or run files the message into
 * the INBOX (never loses it) and the error is recorded for the user's filters page ({@link SieveScripts#recordError}).
 *
 * <p>Redirect keeps the original envelope sender only when it is one of our domains (our SPF covers it) or null;
 * any other sender is rewritten to the redirecting account's address, so SPF at the next hop passes and bounces
 * come back to the account that redirected.
 *
 * <p>A recipient whose script changed the header ({@code editheader}) gets its own copy of the message, stored (and
 * redirected) in a store transaction of its own after the shared one; {@code duplicate} marks are recorded once the
 * copies are stored (RFC 7352: only for a delivery that happened).
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
    private final SieveDuplicates duplicates;
    private final GlobalSieveScripts globalScripts;
    private final Clock clock;

    public LocalDelivery(MailStore store, AccountStore accounts, SieveScripts scripts, SieveDuplicates duplicates,
                         GlobalSieveScripts globalScripts, SieveLimits limits, String hostname, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.scripts = scripts;
        this.limits = limits;
        this.compiled = new CompiledScripts(limits, 1_000);
        this.replies = new SieveReplies(store, accounts, scripts, hostname, clock);
        this.duplicates = duplicates;
        this.globalScripts = globalScripts;
        this.clock = clock;
    }

    /** Where {@code include :global} finds its scripts: {@code NAME.sieve} files in one directory, if configured. */
    public record GlobalSieveScripts(Optional<Path> directory, SieveLimits limits) {
        Optional<String> load(String name) {
            if (directory.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
                return Optional.empty();
            }
            Path file = directory.get().resolve(name + ".sieve");
            try {
                if (!Files.isRegularFile(file) || Files.size(file) > limits.maxScriptBytes()) {
                    return Optional.empty();
                }
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                log.warn("Global Sieve script {} unreadable: {}", file, e.toString());
                return Optional.empty();
            }
        }
    }

    /**
     * What the scripts decided for one message, before anything is stored. {@code edited}: recipients whose script
     * changed the header, each stored from its own copy; {@code duplicateMarks}: what to remember once stored.
     */
    public record Plan(MailStore.Envelope envelope, List<SieveReplies.FollowUp> followUps,
                       Optional<String> protocolRejection, List<EditedCopy> edited,
                       Map<AccountId, List<SieveDuplicates.Mark>> duplicateMarks) {
    }

    /** One recipient's copy with the header its script left, and where it goes. */
    public record EditedCopy(AccountId account, ParsedSieveMessage message, HeaderEdits edits,
                             List<MailStore.Placement> placements, List<MailStore.Forward> forwards) {
    }

    /**
     * Runs each local recipient's script. {@code ratings}: the inbound checks' verdicts for spamtest and
     * virustest, when the message went through them.
     */
    public Plan plan(MessageSource raw, MailStore.Envelope envelope, Optional<SieveRatings> ratings) {
        return plan(raw, envelope, ratings, Map.of());
    }

    /**
     * Like {@link #plan(MessageSource, MailStore.Envelope, Optional)}, for recipients addressed as {@code user+detail@}
     * ({@code details}, RFC 5233): the message is kept in the mailbox the detail names when the store allows it
     * ({@link MailStore#detailMailbox}), else where it would have gone. The detail only moves the keep: a script's
     * {@code fileinto} still decides (as in Pigeonhole), and mail the inbound checks sent to Junk stays there.
     */
    public Plan plan(MessageSource raw, MailStore.Envelope envelope, Optional<SieveRatings> ratings,
                     Map<AccountId, String> details) {
        Map<AccountId, String> keepIn = new LinkedHashMap<>();
        if (envelope.folder() == MailStore.Folder.INBOX) {
            details.forEach((account, detail) -> {
                if (envelope.localRecipients().contains(account)) {
                    store.detailMailbox(account, detail).ifPresent(name -> keepIn.put(account, name));
                }
            });
        }
        Map<AccountId, List<MailStore.Placement>> placements = new LinkedHashMap<>();
        keepIn.forEach((account, name) -> placements.put(account, List.of(keepPlacement(keepIn, account, Flags.NONE))));
        List<MailStore.Forward> forwards = new ArrayList<>();
        List<EditedCopy> edited = new ArrayList<>();
        Map<AccountId, List<SieveDuplicates.Mark>> marks = new LinkedHashMap<>();
        List<SieveReplies.FollowUp> followUps = new ArrayList<>();
        Optional<String> protocolRejection = Optional.empty();
        ParsedSieveMessage parsed = null;
        for (AccountId account : new LinkedHashSet<>(envelope.localRecipients())) {
            Optional<SieveScripts.Script> active = scripts.active(account);
            if (active.isEmpty()) {
                continue;   // most recipients have no script: no account look-up per message for them (issue 17)
            }
            Optional<AccountStore.Account> owner = accounts.findAccount(account);
            if (owner.isEmpty()) {
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
                parsed = parse(raw, envelope.sender(), owner.get().address(), ratings);
            }
            ParsedSieveMessage message = parsed.forRecipient(owner.get().address());
            SieveResult result = script.run(message, environment(account, active.get().name()));
            result.error().ifPresent(error -> {
                log.warn("Sieve script {} of {} failed; delivered to the INBOX: {}", active.get().name(), owner.get().address(), error);
                recordError(account, active.get().name(), error);
            });
            if (!result.duplicates().isEmpty()) {
                marks.put(account, result.duplicates().stream()
                        .map(m -> new SieveDuplicates.Mark(m.key(), m.expires(), m.restart())).toList());
            }
            List<MailStore.Forward> accountForwards = result.headerEdits().isPresent() ? new ArrayList<>() : forwards;
            List<MailStore.Placement> copies = new ArrayList<>();
            for (SieveAction action : result.actions()) {
                switch (action) {
                    case SieveAction.Keep keep -> copies.add(keepPlacement(keepIn, account, Flags.parse(keep.flags())));
                    case SieveAction.FileInto into -> copies.add(new MailStore.Placement(Optional.of(into.mailbox()), Flags.parse(into.flags()), into.create()));
                    case SieveAction.Discard discard -> log.info("Sieve of {} discarded a message from <{}>", owner.get().address(), envelope.sender());
                    case SieveAction.Redirect redirect -> {
                        if (message.header("Received").size() >= MAX_HOPS) {
                            log.warn("Sieve of {}: not redirecting a message with {}+ Received fields (loop); kept", owner.get().address(), MAX_HOPS);
                            copies.add(keepPlacement(keepIn, account, Flags.NONE));
                        } else {
                            accountForwards.add(new MailStore.Forward(redirectSender(envelope.sender(), owner.get().address()), redirect.address()));
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
            if (result.headerEdits().isPresent()) {
                placements.remove(account);
                edited.add(new EditedCopy(account, message, result.headerEdits().get(), copies, accountForwards));
            } else {
                placements.put(account, copies);
            }
        }
        MailStore.Envelope shared = envelope;
        if (!edited.isEmpty()) {
            List<AccountId> rest = new ArrayList<>(envelope.localRecipients());
            edited.forEach(copy -> rest.removeIf(copy.account()::equals));
            shared = new MailStore.Envelope(envelope.sender(), rest, envelope.remoteRecipients(), envelope.folder());
        }
        return new Plan(shared.withRouting(placements, forwards), followUps, protocolRejection, edited, marks);
    }

    /** A keep: into the mailbox the recipient's detail names, else the envelope's folder. */
    private static MailStore.Placement keepPlacement(Map<AccountId, String> keepIn, AccountId account, Flags flags) {
        return new MailStore.Placement(Optional.ofNullable(keepIn.get(account)), flags, false);
    }

    private SieveEnvironment environment(AccountId account, String activeScript) {
        return new SieveEnvironment(clock, ZoneId.systemDefault(), (location, name) -> switch (location) {
            case PERSONAL -> scripts.get(account, name).map(SieveScripts.Script::content);
            case GLOBAL -> globalScripts.load(name);
        }, (key, now) -> duplicates.seen(account, key, now), activeScript);
    }

    /**
     * Stores what the plan says in one transaction, then sends its replies. {@code rejectedAtProtocol}: the SMTP
     * session already refused the message with the script's reason, so no rejection notice is sent.
     */
    public MailStore.Delivery deliver(MessageSource raw, Plan plan, boolean rejectedAtProtocol) {
        MailStore.Envelope shared = plan.envelope();
        MailStore.Delivery delivery = plan.edited().isEmpty() || !shared.localRecipients().isEmpty()
                || !shared.remoteRecipients().isEmpty() || !shared.forwards().isEmpty()
                ? store.accept(raw, shared) : new MailStore.Delivery(List.of(), List.of());
        for (EditedCopy copy : plan.edited()) {
            if (copy.placements().isEmpty() && copy.forwards().isEmpty()) {
                continue;   // discarded, rejected: nothing of this recipient's copy is stored or sent
            }
            MailStore.Delivery own = deliverEdited(raw, shared, copy);
            List<MailStore.Delivered> delivered = new ArrayList<>(delivery.deliveries());
            delivered.addAll(own.deliveries());
            List<Long> queued = new ArrayList<>(delivery.queued());
            queued.addAll(own.queued());
            delivery = new MailStore.Delivery(delivered, queued);
        }
        plan.duplicateMarks().forEach((account, marks) -> {
            try {
                duplicates.remember(account, marks, clock.instant());
            } catch (RuntimeException e) {
                log.warn("Sieve duplicate tracking of account #{} not recorded: {}", account.value(), e.toString());
            }
        });
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
    public MailStore.Delivery accept(MessageSource raw, MailStore.Envelope envelope, Optional<SieveRatings> ratings) {
        return deliver(raw, plan(raw, envelope, ratings), false);
    }

    /** The same for recipients addressed as {@code user+detail@} (the webmail's compose: see {@link #plan}). */
    public MailStore.Delivery accept(MessageSource raw, MailStore.Envelope envelope, Map<AccountId, String> details) {
        return deliver(raw, plan(raw, envelope, Optional.empty(), details), false);
    }

    /** The copy with its edited header, written to a temporary file for the store, then removed. */
    private MailStore.Delivery deliverEdited(MessageSource raw, MailStore.Envelope shared, EditedCopy copy) {
        MailStore.Envelope own = new MailStore.Envelope(shared.sender(), List.of(copy.account()), List.of(), shared.folder())
                .withRouting(Map.of(copy.account(), copy.placements()), copy.forwards());
        Path file = null;
        try {
            file = Files.createTempFile("mailwright-sieve-", ".eml");
            boolean written;
            try (InputStream in = raw.open(); OutputStream out = Files.newOutputStream(file)) {
                written = copy.message().writeEdited(copy.edits(), in, out);
            }
            if (!written) {
                log.warn("Sieve header edits of account #{} not applied: the header is too large", copy.account().value());
                return store.accept(raw, own);
            }
            return store.accept(MessageSource.ofFile(file), own);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the edited copy", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("Temporary file {} not removed: {}", file, e.toString());
                }
            }
        }
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

    private ParsedSieveMessage parse(MessageSource raw, String sender, String recipient, Optional<SieveRatings> ratings) {
        try (InputStream in = raw.open()) {
            byte[] start = in.readNBytes(ParsedSieveMessage.MAX_READ);
            return ParsedSieveMessage.of(start, raw.size(), sender, recipient, ratings);
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
