package dev.mailwright.managesieve;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import dev.mailwright.auth.AuthResult;
import dev.mailwright.auth.SaslPlain;
import dev.mailwright.config.MailwrightProperties.ManageSieveLimits;
import dev.mailwright.managesieve.CommandReader.Frame;
import dev.mailwright.managesieve.CommandReader.Word;
import dev.mailwright.managesieve.ManageSieveCommand.AfterLogin;
import dev.mailwright.managesieve.ManageSieveCommand.AnyState;
import dev.mailwright.managesieve.ManageSieveCommand.Authenticate;
import dev.mailwright.managesieve.ManageSieveCommand.BeforeLogin;
import dev.mailwright.managesieve.ManageSieveCommand.Capability;
import dev.mailwright.managesieve.ManageSieveCommand.Invalid;
import dev.mailwright.managesieve.ManageSieveCommand.Logout;
import dev.mailwright.managesieve.ManageSieveCommand.Noop;
import dev.mailwright.managesieve.ManageSieveCommand.ScriptCommand;
import dev.mailwright.managesieve.ManageSieveCommand.StartTls;
import dev.mailwright.managesieve.ManageSieveCommand.Unauthenticate;
import dev.mailwright.managesieve.ManageSieveResponses.Status;
import dev.mailwright.net.Connection;
import dev.mailwright.net.DeadlineExceededException;
import dev.mailwright.net.TransferPace;
import dev.mailwright.sieve.SieveScript;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.StoreException;

/**
 * One ManageSieve connection (RFC 5804): the greeting is the capability list; until AUTHENTICATE succeeds only the
 * commands of {@link BeforeLogin} and {@link AnyState} are served, afterwards those of {@link AfterLogin}. Passwords
 * are accepted only over TLS (STARTTLS) unless plaintext authentication is allowed.
 */
final class ManageSieveSession {
    private static final Logger log = LoggerFactory.getLogger(ManageSieveSession.class);
    /** Base64 of "Username:" and "Password:", the challenges of SASL LOGIN. */
    private static final String LOGIN_USER_CHALLENGE = "VXNlcm5hbWU6";
    private static final String LOGIN_PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";

    private final Connection connection;
    private final ManageSieveServer server;
    private final ManageSieveLimits limits;
    private final CommandReader reader;
    private final ScriptCommands scriptCommands;
    private Optional<Account> account = Optional.empty();
    private int badCommands;

    ManageSieveSession(Connection connection, ManageSieveServer server) {
        this.connection = connection;
        this.server = server;
        this.limits = server.limits();
        TransferPace pace = new TransferPace(limits.minTransferRate().toBytes(), limits.transferGrace());
        this.reader = new CommandReader(connection.input(), limits.maxCommandLine(), () -> connection.expectTransfer(pace));
        this.scriptCommands = new ScriptCommands(server);
    }

    /** Ends the session after sending its BYE. */
    private static final class Ending extends RuntimeException {
        private final transient byte[] bye;

        Ending(String text) {
            super(text, null, false, false);
            this.bye = ManageSieveResponses.status(Status.BYE, Optional.empty(), text);
        }
    }

    void run() throws IOException {
        connection.limitTimeUntilAuthenticated(limits.unauthenticatedSessionTime());
        try {
            send(capabilities("Mailwright ManageSieve ready"));
            while (true) {
                connection.setReadTimeout(account.isEmpty() ? limits.loginTimeout() : limits.idleTimeout());
                connection.expectCommand(limits.commandTimeout());
                if (!frame(reader.next(literalLimit()))) {
                    return;
                }
            }
        } catch (Ending e) {
            log.debug("{}: closing, {}", connection.id(), e.getMessage());
            send(e.bye);
        } catch (DeadlineExceededException e) {
            log.info("{}: closing, {}", connection.id(), e.getMessage());
            send(ManageSieveResponses.status(Status.BYE, Optional.empty(), switch (e.kind()) {
                case COMMAND -> "Command not completed in time";
                case TRANSFER -> "Too slow";
                case SESSION -> "Not authenticated in time";
            }));
        } catch (SocketTimeoutException e) {
            // silence: between commands or in the middle of an AUTHENTICATE exchange
            send(ManageSieveResponses.status(Status.BYE, Optional.empty(), "Disconnected for inactivity"));
        }
    }

    /** Before login only SASL responses travel in literals: they are held to a smaller size. */
    private long literalLimit() {
        long limit = account.isEmpty() ? limits.maxUnauthenticatedLiteralSize().toBytes() : limits.maxLiteralSize().toBytes();
        return Math.min(limit, Integer.MAX_VALUE - 8);
    }

    /** Returns false when the session ends. */
    private boolean frame(Frame frame) throws IOException {
        try {
            return switch (frame) {
                case Frame.EndOfStream e -> false;
                case Frame.TooLong t -> throw Refusal.bad("Command line too long");
                case Frame.Malformed m -> throw Refusal.bad("Syntax error: " + m.reason());
                case Frame.LiteralTooLarge l -> throw new Ending("Literal of " + l.octets() + " octets is larger than "
                        + literalLimit() + " octets");
                case Frame.Command c -> command(ManageSieveCommand.decode(c.words()));
            };
        } catch (Refusal r) {
            send(r.response());
            if (r.bad() && ++badCommands > limits.maxBadCommands()) {
                throw new Ending("Too many bad commands");
            }
            return true;
        } catch (StoreException | DataAccessException | TransactionException e) {
            log.warn("{}: a command failed in the store: {}", connection.id(), e.getMessage());
            send(ManageSieveResponses.status(Status.NO, Optional.of(ResponseCode.TRYLATER),
                    "Storage temporarily unavailable, try again"));
            return true;
        }
    }

    private boolean command(ManageSieveCommand command) throws IOException {
        switch (command) {
            case Invalid i -> throw Refusal.bad(i.reason());
            case Capability c -> send(capabilities("Capability completed"));
            case Noop n -> send(n.tag().map(tag -> ManageSieveResponses.okTagged(tag, "Done"))
                    .orElseGet(() -> ManageSieveResponses.ok("Done")));
            case Logout l -> {
                send(ManageSieveResponses.ok("Logout completed"));
                return false;
            }
            case BeforeLogin b when account.isPresent() -> throw Refusal.no("Already authenticated");
            case StartTls s -> startTls();
            case Authenticate a -> authenticate(a);
            case AfterLogin a when account.isEmpty() -> throw Refusal.no("Authenticate first");
            case Unauthenticate u -> {
                // RFC 5804 §2.14: back to the non-authenticated state; TLS stays
                account = Optional.empty();
                connection.unauthenticated(limits.unauthenticatedSessionTime());
                send(ManageSieveResponses.ok("Unauthenticate completed"));
            }
            case ScriptCommand s -> send(scriptCommands.handle(s, account.orElseThrow().id()));
        }
        return true;
    }

    private boolean authAllowed() {
        return connection.isSecure() || server.allowPlaintextAuth();
    }

    /** The capability response (RFC 5804 §1.7) followed by OK with {@code text}. */
    private byte[] capabilities(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        item(out, "IMPLEMENTATION", "Mailwright");
        // RFC 5804 §2.1: no mechanism is offered where a password would travel in the clear
        item(out, "SASL", authAllowed() ? "PLAIN LOGIN" : "");
        item(out, "SIEVE", String.join(" ", SieveScript.EXTENSIONS));
        if (!connection.isSecure() && account.isEmpty()) {
            ManageSieveResponses.write(out, "\"STARTTLS\"\r\n");
        }
        item(out, "MAXREDIRECTS", Integer.toString(server.sieveLimits().maxRedirects()));
        item(out, "VERSION", "1.0");
        ManageSieveResponses.write(out, "\"UNAUTHENTICATE\"\r\n");
        account.ifPresent(a -> item(out, "OWNER", a.address()));
        out.writeBytes(ManageSieveResponses.ok(text));
        return out.toByteArray();
    }

    private static void item(ByteArrayOutputStream out, String name, String value) {
        ManageSieveResponses.string(out, name);
        ManageSieveResponses.write(out, " ");
        ManageSieveResponses.string(out, value);
        ManageSieveResponses.write(out, "\r\n");
    }

    private void startTls() throws IOException {
        if (connection.isSecure()) {
            throw Refusal.no("TLS is already active");
        }
        if (connection.hasBufferedInput()) {
            // RFC 5804 §2.2 / CVE-2011-0411: bytes pipelined after STARTTLS would be taken as encrypted input
            throw Refusal.bad("Data after STARTTLS is not allowed");
        }
        send(ManageSieveResponses.ok("Begin TLS negotiation now"));
        connection.startTls();
        // RFC 5804 §2.2: the capabilities again, now as they are over TLS
        send(capabilities("TLS negotiation successful"));
    }

    private void authenticate(Authenticate command) throws IOException {
        String mechanism = command.mechanism().toUpperCase(java.util.Locale.ROOT);
        if (!mechanism.equals("PLAIN") && !mechanism.equals("LOGIN")) {
            throw Refusal.no("Unsupported SASL mechanism " + command.mechanism());
        }
        if (!authAllowed()) {
            throw Refusal.no(ResponseCode.ENCRYPT_NEEDED, "Authentication requires TLS; use STARTTLS first");
        }
        connection.expectExchange(limits.authTimeout());
        SaslPlain.Credentials credentials;
        if (mechanism.equals("PLAIN")) {
            String response = command.initialResponse().isPresent() ? command.initialResponse().get() : challenge("");
            credentials = SaslPlain.decode(response).orElseThrow(() -> Refusal.no("Malformed PLAIN response"));
            if (!credentials.actsAsItself()) {
                throw Refusal.no("Acting as another user is not permitted");
            }
        } else {
            String user = decodeLogin(command.initialResponse().isPresent() ? command.initialResponse().get()
                    : challenge(LOGIN_USER_CHALLENGE));
            String password = decodeLogin(challenge(LOGIN_PASSWORD_CHALLENGE));
            credentials = new SaslPlain.Credentials(user, password);
        }
        AuthResult result = server.authenticator().authenticate(credentials.username(), credentials.password(),
                connection.remoteAddress().getAddress());
        switch (result) {
            case AuthResult.Success s -> {
                account = Optional.of(s.account());
                connection.authenticated();
                log.debug("{}: {} logged in", connection.id(), s.account().address());
                send(ManageSieveResponses.ok("Logged in"));
            }
            case AuthResult.Failure f -> throw Refusal.no("Authentication failed");
            case AuthResult.Throttled t -> throw Refusal.no(ResponseCode.TRYLATER, "Too many failed attempts, try again later");
        }
    }

    private static String decodeLogin(String base64) {
        return SaslPlain.decodeLoginLine(base64).orElseThrow(() -> Refusal.no("Malformed LOGIN response"));
    }

    /** Sends a SASL challenge (a string on its own line) and reads the client's answer, a string. */
    private String challenge(String base64) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ManageSieveResponses.string(out, base64);
        ManageSieveResponses.write(out, "\r\n");
        send(out.toByteArray());
        return switch (reader.next(literalLimit())) {
            case Frame.EndOfStream e -> throw new EOFException("connection closed during AUTHENTICATE");
            case Frame.LiteralTooLarge l -> throw new Ending("SASL response too large");
            case Frame.TooLong t -> throw Refusal.bad("SASL response too long");
            case Frame.Malformed m -> throw Refusal.bad("Malformed SASL response: " + m.reason());
            case Frame.Command c when c.words().size() == 1 && c.words().getFirst() instanceof Word.Text(String value, long octets) -> {
                if (value.equals("*")) {
                    // RFC 5804 §2.1: the client cancels with "*"
                    throw Refusal.no("Authentication cancelled");
                }
                yield value;
            }
            case Frame.Command c -> throw Refusal.bad("A SASL response must be one string");
        };
    }

    private void send(byte[] bytes) throws IOException {
        connection.write(bytes);
    }
}
