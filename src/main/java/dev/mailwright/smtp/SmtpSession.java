package dev.mailwright.smtp;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.inbound.spam.Admission;
import dev.mailwright.inbound.spam.MxDefence;
import dev.mailwright.inbound.spam.Refusal;
import dev.mailwright.net.Connection;
import dev.mailwright.net.DeadlineExceededException;
import dev.mailwright.smtp.SmtpCommand.Auth;
import dev.mailwright.smtp.SmtpCommand.Bdat;
import dev.mailwright.smtp.SmtpCommand.Data;
import dev.mailwright.smtp.SmtpCommand.Ehlo;
import dev.mailwright.smtp.SmtpCommand.Helo;
import dev.mailwright.smtp.SmtpCommand.Help;
import dev.mailwright.smtp.SmtpCommand.Invalid;
import dev.mailwright.smtp.SmtpCommand.Mail;
import dev.mailwright.smtp.SmtpCommand.Noop;
import dev.mailwright.smtp.SmtpCommand.Quit;
import dev.mailwright.smtp.SmtpCommand.Rcpt;
import dev.mailwright.smtp.SmtpCommand.Rset;
import dev.mailwright.smtp.SmtpCommand.StartTls;
import dev.mailwright.smtp.SmtpCommand.Unknown;
import dev.mailwright.smtp.SmtpCommand.Vrfy;
import dev.mailwright.smtp.SmtpState.Chunking;
import dev.mailwright.smtp.SmtpState.Connected;
import dev.mailwright.smtp.SmtpState.Greeting;
import dev.mailwright.smtp.SmtpState.InTransaction;
import dev.mailwright.smtp.SmtpState.Ready;
import dev.mailwright.smtp.SmtpState.Style;
import dev.mailwright.store.AccountStore.Account;

/**
 * One SMTP conversation: reads command lines, narrows the state for each command, and hands the narrowed
 * state to the command family that owns it. Replies go out in command order (pipelining, RFC 2920).
 */
final class SmtpSession {
    private static final Logger log = LoggerFactory.getLogger(SmtpSession.class);

    private enum Flow { CONTINUE, CLOSE }

    private final Connection connection;
    private final SmtpService service;
    private final SmtpSettings settings;
    private final CommandParser parser;
    private final EnvelopeCommands envelope;
    private final MessageIntake intake;
    private final AuthExchange auth;
    private final Clock clock;
    private final SmtpIo io;
    private final Optional<MxDefence> defence;
    private Optional<Admission> admission = Optional.empty();
    private SmtpState state = new Connected();
    private Optional<Account> account = Optional.empty();
    private int messages;

    SmtpSession(Connection connection, SmtpService service, SmtpSettings settings, EnvelopeCommands envelope,
                MessageIntake intake, AuthExchange auth, Clock clock, Optional<MxDefence> defence) {
        this.connection = connection;
        this.service = service;
        this.settings = settings;
        this.parser = new CommandParser(settings.limits().maxCommandLine());
        this.envelope = envelope;
        this.intake = intake;
        this.auth = auth;
        this.clock = clock;
        this.io = new SmtpIo(connection, settings.limits().maxBadCommands());
        this.defence = defence;
    }

    void run() throws IOException {
        connection.setReadTimeout(settings.limits().idleTimeout());
        connection.limitTimeUntilAuthenticated(switch (service) {
            case MX -> settings.limits().mxSessionTime();
            case SUBMISSION -> settings.limits().unauthenticatedSessionTime();
        });
        admission = defence.map(d -> d.admit(connection.remoteAddress().getAddress()));
        Optional<Refusal> refused = admission.flatMap(Admission::refusal);
        if (refused.isPresent()) {
            io.reply(reply(refused.get()));
            return;
        }
        io.reply(SmtpReplies.GREETING.format(settings.hostname()));
        try {
            while (next() == Flow.CONTINUE) {
                if (io.tooManyErrors()) {
                    io.reply(SmtpReplies.TOO_MANY_ERRORS.format(settings.hostname()));
                    return;
                }
            }
        } catch (DeadlineExceededException e) {
            log.info("{}: closing, {}", connection.id(), e.getMessage());
            io.reply(tooSlow(e.kind()).format(settings.hostname()));
        } catch (SocketTimeoutException e) {
            log.debug("{}: idle timeout", connection.id());
            io.reply(SmtpReplies.IDLE_TIMEOUT.format(settings.hostname()));
        } finally {
            abandonChunks();
        }
    }

    private SmtpReply tooSlow(DeadlineExceededException.Kind kind) {
        return switch (kind) {
            case COMMAND -> SmtpReplies.COMMAND_TOO_SLOW;
            case TRANSFER -> SmtpReplies.TRANSFER_TOO_SLOW;
            case SESSION -> switch (service) {
                case MX -> SmtpReplies.SESSION_TOO_LONG;
                case SUBMISSION -> SmtpReplies.NOT_AUTHENTICATED_IN_TIME;
            };
        };
    }

    private Flow next() throws IOException {
        connection.expectCommand(settings.limits().commandTimeout());
        return switch (CommandLineReader.read(connection.input(), parser.readerLimit())) {
            case CommandLine.Closed closed -> Flow.CLOSE;
            case CommandLine.TooLong tooLong -> {
                io.reply(SmtpReplies.LINE_TOO_LONG);
                yield Flow.CONTINUE;
            }
            case CommandLine.Line line -> execute(parse(line.text()));
        };
    }

    /** The parser never throws on client input; should it still fail, this line is refused, not the session. */
    private SmtpCommand parse(String line) {
        try {
            return parser.parse(line);
        } catch (RuntimeException | StackOverflowError e) {
            log.error("{}: parsing a command failed", connection.id(), e);
            return new Invalid(SmtpReplies.UNKNOWN_COMMAND);
        }
    }

    private Flow execute(SmtpCommand command) throws IOException {
        try {
            return dispatch(command);
        } catch (dev.mailwright.store.StoreException.StorageFull e) {
            log.warn("{}: {} refused, the data directory is full: {}", connection.id(), command.getClass().getSimpleName(), e.getMessage());
            abandonChunks();
            state = afterReset();
            io.reply(SmtpReplies.STORAGE_FULL);
            return Flow.CONTINUE;
        } catch (RuntimeException | StackOverflowError e) {
            log.error("{}: {} failed", connection.id(), command.getClass().getSimpleName(), e);
            abandonChunks();
            state = afterReset();
            io.reply(SmtpReplies.STORAGE_FAILURE);
            return Flow.CONTINUE;
        }
    }

    private Flow dispatch(SmtpCommand command) throws IOException {
        switch (command) {
            case Ehlo ehlo -> ehlo(ehlo);
            case Helo helo -> {
                abandonChunks();
                state = new Ready(new Greeting(helo.domain(), Style.HELO));
                io.reply(SmtpReplies.HELO_OK.format(settings.hostname(), helo.domain()));
            }
            case Mail mail when state instanceof Ready ready -> {
                Optional<Refusal> overRate = defence.flatMap(d -> d.messageStart(connection.remoteAddress().getAddress()));
                if (overRate.isPresent()) {
                    io.reply(reply(overRate.get()));
                    return Flow.CLOSE;
                }
                state = envelope.mail(mail, ready, client(), io);
            }
            case Mail mail -> io.reply(state instanceof Connected ? SmtpReplies.HELO_FIRST : SmtpReplies.NESTED_MAIL);
            case Rcpt rcpt when state instanceof InTransaction current -> state = envelope.rcpt(rcpt, current, client(), io);
            case Rcpt rcpt -> io.reply(state instanceof Connected ? SmtpReplies.HELO_FIRST : SmtpReplies.MAIL_FIRST);
            case Data data when state instanceof InTransaction current -> state = intake.data(current, client(), trace(current), io);
            case Data data -> io.reply(switch (state) {
                case Connected connected -> SmtpReplies.HELO_FIRST;
                case Chunking chunking -> SmtpReplies.DATA_AFTER_BDAT;
                case Ready ready -> SmtpReplies.MAIL_FIRST;
                case InTransaction current -> SmtpReplies.RCPT_FIRST;
            });
            case Bdat bdat -> state = intake.bdat(bdat, state, client(), this::trace, io);
            case Rset rset -> {
                abandonChunks();
                state = afterReset();
                io.reply(SmtpReplies.RESET_OK);
            }
            case Noop noop -> io.reply(SmtpReplies.OK);
            case Quit quit -> {
                io.reply(SmtpReplies.CLOSING.format(settings.hostname()));
                return Flow.CLOSE;
            }
            case Vrfy vrfy -> io.reply(SmtpReplies.VRFY_NONCOMMITTAL);
            case Help help -> io.reply(SmtpReplies.HELP);
            case StartTls startTls -> startTls();
            case Auth authCommand -> auth(authCommand);
            case Unknown unknown -> io.reply(SmtpReplies.UNKNOWN_COMMAND);
            case Invalid invalid -> io.reply(invalid.reply());
        }
        return Flow.CONTINUE;
    }

    /** EHLO also resets any transaction (RFC 5321 §4.1.4). */
    private void ehlo(Ehlo ehlo) throws IOException {
        abandonChunks();
        state = new Ready(new Greeting(ehlo.domain(), Style.EHLO));
        List<String> lines = new ArrayList<>(List.of(
                settings.hostname() + " Hello " + ehlo.domain(),
                "PIPELINING",
                "SIZE " + settings.maxMessageSize(),
                "8BITMIME",
                "SMTPUTF8",
                "ENHANCEDSTATUSCODES",
                "CHUNKING"));
        if (!connection.isSecure()) {
            lines.add("STARTTLS");
        }
        if (authOffered()) {
            lines.add("AUTH PLAIN LOGIN");
        }
        lines.add("HELP");
        io.lines(250, lines);
    }

    private boolean authOffered() {
        return switch (service) {
            case MX -> false;
            case SUBMISSION -> connection.isSecure() || settings.allowPlaintextAuth();
        };
    }

    /**
     * RFC 3207: refuse when plaintext already follows the command (it would otherwise count as sent under
     * TLS); after the handshake forget everything learnt before it (§4.2).
     */
    private void startTls() throws IOException {
        if (connection.isSecure()) {
            io.reply(SmtpReplies.TLS_ALREADY_ACTIVE);
        } else if (state instanceof InTransaction || state instanceof Chunking) {
            io.reply(SmtpReplies.TLS_IN_TRANSACTION);
        } else if (connection.hasBufferedInput()) {
            io.reply(SmtpReplies.TLS_PIPELINED);
        } else {
            io.reply(SmtpReplies.READY_FOR_TLS);
            connection.startTls();
            state = new Connected();
            account = Optional.empty();
        }
    }

    private void auth(Auth command) throws IOException {
        Optional<SmtpReply> refusal = switch (service) {
            case MX -> Optional.of(SmtpReplies.AUTH_NOT_AVAILABLE);
            case SUBMISSION -> switch (state) {
                case Connected connected -> Optional.of(SmtpReplies.HELO_FIRST);
                case InTransaction current -> Optional.of(SmtpReplies.AUTH_IN_TRANSACTION);
                case Chunking chunking -> Optional.of(SmtpReplies.AUTH_IN_TRANSACTION);
                case Ready ready when account.isPresent() -> Optional.of(SmtpReplies.AUTH_ALREADY);
                case Ready ready when !connection.isSecure() && !settings.allowPlaintextAuth() ->
                        Optional.of(SmtpReplies.ENCRYPTION_REQUIRED);
                case Ready ready -> Optional.empty();
            };
        };
        if (refusal.isPresent()) {
            io.reply(refusal.get());
            return;
        }
        connection.expectExchange(settings.limits().authTimeout());
        account = auth.authenticate(command, client(), io);
        account.ifPresent(a -> {
            connection.authenticated();
            log.info("{}: authenticated as {}", connection.id(), a.address());
        });
    }

    private Client client() {
        return new Client(service, connection.remoteAddress().getAddress(),
                connection.isSecure() ? Client.Security.TLS : Client.Security.PLAINTEXT, account, admission);
    }

    /** Trace for the next message; RFC 3848 names the protocol, a single recipient appears in "for". */
    private MessageIntake.Trace trace(InTransaction current) {
        String id = connection.id() + "-" + (++messages);   // an RFC 5322 atom: no dots
        String with = switch (current.greeting().style()) {
            case HELO -> "SMTP";
            case EHLO -> "ESMTP" + (connection.isSecure() ? "S" : "") + (account.isPresent() ? "A" : "");
        };
        List<SmtpState.Recipient> recipients = current.transaction().recipients();
        String single = recipients.size() == 1 ? recipients.getFirst().address() : "";
        String literal = addressLiteral(connection.remoteAddress().getAddress());
        String tcpInfo = admission.map(a -> a.receivedTcpInfo(literal)).orElse("([" + literal + "])");
        return new MessageIntake.Trace(id, TraceHeaders.received(current.greeting().domain(), tcpInfo,
                settings.hostname(), with, id, single, ZonedDateTime.now(clock)));
    }

    /** A refusal of the spam defence as an SMTP reply (its text is ours, no placeholders are filled). */
    static SmtpReply reply(Refusal refusal) {
        return new SmtpReply(refusal.code(), refusal.enhancedStatus(), refusal.text().replace("%", "%%")).format();
    }

    /** RFC 5321 §4.1.3: {@code 192.0.2.1} or {@code IPv6:2001:db8::1}. */
    private static String addressLiteral(InetAddress address) {
        return address instanceof Inet6Address ? "IPv6:" + address.getHostAddress() : address.getHostAddress();
    }

    private SmtpState afterReset() {
        return switch (state) {
            case Connected connected -> connected;
            case Ready ready -> ready;
            case InTransaction current -> new Ready(current.greeting());
            case Chunking chunking -> new Ready(chunking.greeting());
        };
    }

    private void abandonChunks() throws IOException {
        if (state instanceof Chunking chunking) {
            chunking.spool().discard();
            state = new Ready(chunking.greeting());
        }
    }
}
