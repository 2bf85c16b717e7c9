package dev.mailwright.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;

import dev.mailwright.auth.AuthResult;
import dev.mailwright.auth.Authenticator;
import dev.mailwright.auth.SaslPlain;
import dev.mailwright.store.AccountStore.Account;

/** The SASL exchanges of SMTP AUTH (RFC 4954): PLAIN (RFC 4616) and LOGIN, each with or without initial response. */
final class AuthExchange {
    private static final String USERNAME_CHALLENGE = "VXNlcm5hbWU6";   // "Username:"
    private static final String PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";   // "Password:"

    private final Authenticator authenticator;

    AuthExchange(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Runs the exchange and writes its final reply; the account when it succeeded. */
    Optional<Account> authenticate(SmtpCommand.Auth command, Client client, SmtpIo io) throws IOException {
        return switch (command.mechanism()) {
            case "PLAIN" -> plain(command, client, io);
            case "LOGIN" -> login(command, client, io);
            default -> {
                io.reply(SmtpReplies.AUTH_MECHANISM_UNSUPPORTED);
                yield Optional.empty();
            }
        };
    }

    private Optional<Account> plain(SmtpCommand.Auth command, Client client, SmtpIo io) throws IOException {
        String response = command.initialResponse().map(AuthExchange::emptyMarker).orElse(null);
        if (response == null) {
            response = challenge("", io);
            if (response == null) {
                return Optional.empty();
            }
        }
        Optional<SaslPlain.Credentials> credentials = SaslPlain.decode(response);
        if (credentials.isEmpty()) {
            io.reply(SmtpReplies.AUTH_BAD_RESPONSE);
            return Optional.empty();
        }
        if (!credentials.get().actsAsItself()) {
            io.reply(SmtpReplies.AUTH_FAILED);
            return Optional.empty();
        }
        return check(credentials.get().username(), credentials.get().password(), client, io);
    }

    private Optional<Account> login(SmtpCommand.Auth command, Client client, SmtpIo io) throws IOException {
        String encodedUser = command.initialResponse().map(AuthExchange::emptyMarker).orElse(null);
        if (encodedUser == null) {
            encodedUser = challenge(USERNAME_CHALLENGE, io);
            if (encodedUser == null) {
                return Optional.empty();
            }
        }
        Optional<String> username = SaslPlain.decodeLoginLine(encodedUser);
        if (username.isEmpty()) {
            io.reply(SmtpReplies.AUTH_BAD_RESPONSE);
            return Optional.empty();
        }
        String encodedPassword = challenge(PASSWORD_CHALLENGE, io);
        if (encodedPassword == null) {
            return Optional.empty();
        }
        Optional<String> password = SaslPlain.decodeLoginLine(encodedPassword);
        if (password.isEmpty()) {
            io.reply(SmtpReplies.AUTH_BAD_RESPONSE);
            return Optional.empty();
        }
        return check(username.get(), password.get(), client, io);
    }

    private Optional<Account> check(String username, String password, Client client, SmtpIo io) throws IOException {
        return switch (authenticator.authenticate(username, password, client.address())) {
            case AuthResult.Success success -> {
                io.reply(SmtpReplies.AUTH_OK);
                yield Optional.of(success.account());
            }
            case AuthResult.Failure failure -> {
                io.reply(SmtpReplies.AUTH_FAILED);
                yield Optional.empty();
            }
            case AuthResult.Throttled throttled -> {
                io.reply(SmtpReplies.AUTH_THROTTLED);
                yield Optional.empty();
            }
        };
    }

    /**
     * Sends a 334 challenge and reads the client's line. Null, with the reply already written, when the client
     * cancels ({@code *}) or sends an over-long line.
     */
    private static String challenge(String challenge, SmtpIo io) throws IOException {
        io.reply(SmtpReplies.AUTH_CHALLENGE.format(challenge));
        return switch (CommandLineReader.read(io.input(), CommandParser.AUTH_LINE_LIMIT)) {
            case CommandLine.Closed closed -> throw new EOFException("connection closed during AUTH");
            case CommandLine.TooLong tooLong -> {
                io.reply(SmtpReplies.LINE_TOO_LONG);
                yield null;
            }
            case CommandLine.Line line when line.text().trim().equals("*") -> {
                io.reply(SmtpReplies.AUTH_CANCELLED);
                yield null;
            }
            case CommandLine.Line line -> line.text();
        };
    }

    /** RFC 4954 §4: an initial response of "=" is an empty response. */
    private static String emptyMarker(String initialResponse) {
        return initialResponse.equals("=") ? "" : initialResponse;
    }
}
