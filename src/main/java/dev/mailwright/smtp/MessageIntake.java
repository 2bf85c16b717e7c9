package dev.mailwright.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.delivery.LocalDelivery;
import dev.mailwright.delivery.RecipientDetails;
import dev.mailwright.inbound.InboundFilter;
import dev.mailwright.inbound.InboundMessage;
import dev.mailwright.inbound.InboundVerdict;
import dev.mailwright.inbound.MessageHeader;
import dev.mailwright.inbound.spam.InboundCounters;
import dev.mailwright.inbound.spam.MxDefence;
import dev.mailwright.sieve.SieveRatings;
import dev.mailwright.smtp.SmtpState.Chunking;
import dev.mailwright.smtp.SmtpState.Connected;
import dev.mailwright.smtp.SmtpState.InTransaction;
import dev.mailwright.smtp.SmtpState.LocalRecipient;
import dev.mailwright.smtp.SmtpState.Ready;
import dev.mailwright.smtp.SmtpState.RemoteRecipient;
import dev.mailwright.smtp.SmtpState.Transaction;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MessageSource;
import dev.mailwright.store.StoreException;

/**
 * DATA and BDAT: the body streams to a spool (memory or a file), then one {@link MailStore#accept} call delivers it
 * to every local recipient and queues it for every remote one. {@code 250} only after that returned (committed).
 */
final class MessageIntake {
    private static final Logger log = LoggerFactory.getLogger(MessageIntake.class);

    /** The trace header and the id of one message. */
    record Trace(String id, String received) {
    }

    private final SmtpSettings settings;
    private final MailStore store;
    private final LocalDelivery localDelivery;
    private final InboundFilter filter;
    private final Optional<MxDefence> defence;
    private final Clock clock;
    private final AuthorCheck authors;

    MessageIntake(SmtpSettings settings, MailStore store, LocalDelivery localDelivery, InboundFilter filter,
                  Optional<MxDefence> defence, Clock clock, AuthorCheck authors) {
        this.authors = authors;
        this.settings = settings;
        this.store = store;
        this.localDelivery = localDelivery;
        this.filter = filter;
        this.defence = defence;
        this.clock = clock;
    }

    SmtpState data(InTransaction current, Client client, Trace trace, SmtpIo io) throws IOException {
        if (current.transaction().recipients().isEmpty()) {
            io.reply(SmtpReplies.NO_VALID_RECIPIENTS);
            return current;
        }
        SmtpReply refusal = roomFor(0);
        if (refusal != null) {
            io.reply(refusal);
            return current;
        }
        MessageSpool spool = openSpool(client, trace);
        SmtpReply reply;
        try {
            io.reply(SmtpReplies.START_DATA);
            io.expectTransfer(settings.transferPace());
            DataOutcome outcome = new DataReader(settings.limits().maxTextLine(), settings.maxMessageSize())
                    .read(io.input(), spool);
            reply = switch (outcome) {
                case DataOutcome.Received received -> finishAndDeliver(spool, client, current.greeting(), current.transaction());
                case DataOutcome.TooLarge tooLarge -> SmtpReplies.MESSAGE_TOO_BIG.format(settings.maxMessageSize());
                case DataOutcome.LineTooLong tooLong -> SmtpReplies.TEXT_LINE_TOO_LONG.format(settings.limits().maxTextLine());
                case DataOutcome.BareLineEnding bare -> SmtpReplies.BARE_LINE_ENDING;
            };
        } finally {
            spool.discard();
        }
        io.reply(reply);
        return new Ready(current.greeting());
    }

    /** Consumes exactly the announced octets first, whatever the state (RFC 3030 §2), then answers. */
    SmtpState bdat(SmtpCommand.Bdat command, SmtpState state, Client client, Function<InTransaction, Trace> trace,
                   SmtpIo io) throws IOException {
        return switch (state) {
            case Connected connected -> refuseChunk(command, connected, SmtpReplies.HELO_FIRST, io);
            case Ready ready -> refuseChunk(command, ready, SmtpReplies.MAIL_FIRST, io);
            // RFC 3030 §2: a refused chunk fails the transaction; the next MAIL starts a new one
            case InTransaction current when current.transaction().recipients().isEmpty() ->
                    refuseChunk(command, new Ready(current.greeting()), SmtpReplies.NO_VALID_RECIPIENTS, io);
            case InTransaction current -> {
                SmtpReply full = roomFor(command.octets());
                if (full != null) {
                    yield refuseChunk(command, new Ready(current.greeting()), full, io);
                }
                MessageSpool spool = openSpool(client, trace.apply(current));
                yield chunk(command, new Chunking(current.greeting(), current.transaction(), spool, 0), client, io);
            }
            case Chunking chunking -> chunk(command, chunking, client, io);
        };
    }

    private SmtpState chunk(SmtpCommand.Bdat command, Chunking current, Client client, SmtpIo io) throws IOException {
        io.expectTransfer(settings.transferPace());
        long total = current.octets() + command.octets();
        if (total > settings.maxMessageSize()) {
            BdatReader.skip(io.input(), command.octets());
            current.spool().discard();
            io.reply(SmtpReplies.MESSAGE_TOO_BIG.format(settings.maxMessageSize()));
            return new Ready(current.greeting());
        }
        BdatReader.copy(io.input(), command.octets(), current.spool());
        return switch (command.chunk()) {
            case MORE -> {
                io.reply(SmtpReplies.CHUNK_OK.format(command.octets()));
                yield new Chunking(current.greeting(), current.transaction(), current.spool(), total);
            }
            case LAST -> {
                SmtpReply reply;
                try {
                    reply = finishAndDeliver(current.spool(), client, current.greeting(), current.transaction());
                } finally {
                    current.spool().discard();
                }
                io.reply(reply);
                yield new Ready(current.greeting());
            }
        };
    }

    private SmtpState refuseChunk(SmtpCommand.Bdat command, SmtpState state, SmtpReply reply, SmtpIo io)
            throws IOException {
        io.expectTransfer(settings.transferPace());
        BdatReader.skip(io.input(), command.octets());
        io.reply(reply);
        return state;
    }

    private MessageSpool openSpool(Client client, Trace trace) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        return switch (client.service()) {
            case MX -> MessageSpool.create(settings.spoolDirectory(), settings.spoolMemory(), trace, headers -> "");
            case SUBMISSION -> MessageSpool.create(settings.spoolDirectory(), settings.spoolMemory(), trace,
                    headers -> TraceHeaders.missingSubmissionHeaders(headers, settings.hostname(), now));
        };
    }

    /**
     * On the MX port the {@link InboundFilter} decides first: refused (nothing stored), or stored in the INBOX or
     * Junk with our {@code Authentication-Results:} on top (the spool is rewritten before the store sees it).
     */
    private SmtpReply finishAndDeliver(MessageSpool spool, Client client, SmtpState.Greeting greeting, Transaction transaction) {
        try {
            return assessAndDeliver(spool, client, greeting, transaction);
        } catch (IOException e) {
            return spoolFailure(e);   // the spool could not be finished, read back or rewritten
        }
    }

    private SmtpReply assessAndDeliver(MessageSpool spool, Client client, SmtpState.Greeting greeting, Transaction transaction)
            throws IOException {
        MessageSource received = spool.finish();
        if (client.service() != SmtpService.MX) {
            Optional<SmtpReply> notOwned = client.account().isPresent()
                    ? authors.check(client.account().get(), received) : Optional.empty();
            if (notOwned.isPresent()) {
                log.info("{}: refused from <{}>: {}", spool.trace().id(), transaction.sender(), notOwned.get().text());
                return notOwned.get();
            }
            return deliver(received, transaction, spool.trace(), MailStore.Folder.INBOX, Optional.empty());
        }
        MessageHeader header;
        try (InputStream in = new java.io.BufferedInputStream(received.open(), 16 * 1024)) {
            header = MessageHeader.read(in);
        }
        InboundMessage message = new InboundMessage(client.address(), greeting.domain(), transaction.sender(),
                transaction.recipients().stream().map(SmtpState.Recipient::address).toList(),
                client.isSecure() ? InboundMessage.Transport.TLS : InboundMessage.Transport.PLAINTEXT,
                client.account().map(AccountStore.Account::address), received, header);
        InboundVerdict verdict = filter.assess(message);
        return switch (verdict) {
            case InboundVerdict.Reject reject -> {
                log.info("{}: refused from <{}> [{}]: {}", spool.trace().id(), transaction.sender(),
                        client.address().getHostAddress(), reject.text());
                count(transaction, verdict);
                yield new SmtpReply(reject.code(), reject.enhancedStatus(), "%s").format(reject.text());
            }
            case InboundVerdict.Defer defer -> {
                log.info("{}: deferred from <{}> [{}]: {}", spool.trace().id(), transaction.sender(),
                        client.address().getHostAddress(), defer.text());
                yield new SmtpReply(defer.code(), defer.enhancedStatus(), "%s").format(defer.text());
            }
            case InboundVerdict.Accept accept -> {
                if (!accept.reasons().isEmpty()) {
                    log.info("{}: to Junk: {}", spool.trace().id(), String.join("; ", accept.reasons()));
                }
                // Sieve's spamtest (RFC 5235) reads the checks' score; no virus scanner runs, so virustest answers 0
                Optional<SieveRatings> ratings = accept.spamScore().map(score -> SieveRatings.spam(score.percent()));
                SmtpReply stored = deliver(spool.rewrite(accept.rewrite()), transaction, spool.trace(), accept.folder(), ratings);
                if (stored.isPositive()) {
                    count(transaction, verdict);
                }
                yield stored;
            }
        };
    }

    /** The admin page's per-domain counts: refused, junked or accepted, once per local recipient. */
    private void count(Transaction transaction, InboundVerdict verdict) {
        Optional<InboundCounters.Outcome> outcome = switch (verdict) {
            case InboundVerdict.Reject reject -> Optional.of(InboundCounters.Outcome.REFUSED);
            case InboundVerdict.Defer defer -> Optional.empty();
            case InboundVerdict.Accept accept -> Optional.of(accept.folder() == MailStore.Folder.JUNK
                    ? InboundCounters.Outcome.JUNKED : InboundCounters.Outcome.ACCEPTED);
        };
        List<String> local = transaction.recipients().stream().filter(r -> r instanceof LocalRecipient)
                .map(SmtpState.Recipient::address).toList();
        outcome.ifPresent(o -> defence.ifPresent(d -> d.count(local, o)));
    }

    /**
     * One store transaction for all recipients; each account and each remote address once. Local recipients'
     * Sieve scripts run first; a script's reject for the only recipient is answered here (RFC 5429 §2.1).
     */
    private SmtpReply deliver(MessageSource message, Transaction transaction, Trace trace, MailStore.Folder folder,
                              Optional<SieveRatings> ratings) {
        List<AccountId> local = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        for (SmtpState.Recipient recipient : transaction.recipients()) {
            switch (recipient) {
                case LocalRecipient l when !local.contains(l.account()) -> local.add(l.account());
                case LocalRecipient l -> { }
                case RemoteRecipient r when !remote.contains(r.address().toLowerCase(Locale.ROOT)) ->
                        remote.add(r.address().toLowerCase(Locale.ROOT));
                case RemoteRecipient r -> { }
            }
        }
        try {
            LocalDelivery.Plan plan = localDelivery.plan(message, new MailStore.Envelope(transaction.sender(), local, remote, folder), ratings,
                    details(transaction));
            if (plan.protocolRejection().isPresent()) {
                log.info("{}: refused by the recipient's Sieve script", trace.id());
                return new SmtpReply(550, "5.7.1", "%s").format(rejectionText(plan.protocolRejection().get()));
            }
            MailStore.Delivery delivery = localDelivery.deliver(message, plan, false);
            log.info("{}: accepted from <{}> for {} local, {} remote ({} octets)", trace.id(), transaction.sender(),
                    delivery.deliveries().size(), delivery.queued().size(), message.size());
            return SmtpReplies.MESSAGE_ACCEPTED.format(trace.id());
        } catch (StoreException e) {
            return switch (e) {
                case StoreException.OverQuota overQuota -> SmtpReplies.MESSAGE_EXCEEDS_QUOTA;
                case StoreException.StorageFull full -> {
                    log.warn("{}: refused, the data directory is full: {}", trace.id(), full.getMessage());
                    yield SmtpReplies.STORAGE_FULL;
                }
                case StoreException.StorageFailure failure -> storageFailure(trace, e);
                case StoreException.MailboxNotFound notFound -> storageFailure(trace, e);
                case StoreException.MailboxExists exists -> storageFailure(trace, e);
                case StoreException.MailboxNotAllowed notAllowed -> storageFailure(trace, e);
                case StoreException.AccountNotFound notFound -> storageFailure(trace, e);
                case StoreException.PermissionDenied denied -> storageFailure(trace, e);
            };
        }
    }

    /** The {@code +detail} of each local account's recipient addresses (RFC 5233). */
    private static java.util.Map<AccountId, String> details(Transaction transaction) {
        RecipientDetails details = new RecipientDetails();
        for (SmtpState.Recipient recipient : transaction.recipients()) {
            if (recipient instanceof LocalRecipient l) {
                details.add(l.account(), l.detail());
            }
        }
        return details.details();
    }

    /** A script's reject reason as one reply line: printable, bounded. */
    private static String rejectionText(String reason) {
        String line = reason.replaceAll("[^\\x20-\\x7e]+", " ").strip();
        if (line.isEmpty()) {
            line = "Rejected by the recipient's mail filter";
        }
        return line.length() > 400 ? line.substring(0, 400) : line;
    }

    /** 452 4.3.1 when the data directory has no room for {@code bytes} more above its reserve, else null. */
    private SmtpReply roomFor(long bytes) {
        try {
            store.requireRoom(bytes);
            return null;
        } catch (StoreException.StorageFull e) {
            log.warn("Refusing a message: {}", e.getMessage());
            return SmtpReplies.STORAGE_FULL;
        }
    }

    /** The spool file could not be written: 452 4.3.1 when the disk is full, else 451 4.3.0. */
    private static SmtpReply spoolFailure(IOException e) {
        if (dev.mailwright.store.DiskSpace.isNoSpace(e)) {
            log.warn("Refusing a message, the spool's disk is full: {}", e.getMessage());
            return SmtpReplies.STORAGE_FULL;
        }
        log.error("Cannot write the spool file", e);
        return SmtpReplies.STORAGE_FAILURE;
    }

    private static SmtpReply storageFailure(Trace trace, RuntimeException e) {
        log.error("{}: delivery failed, nothing stored", trace.id(), e);
        return SmtpReplies.STORAGE_FAILURE;
    }
}
