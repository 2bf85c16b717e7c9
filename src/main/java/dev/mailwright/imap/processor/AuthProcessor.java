package dev.mailwright.imap.processor;

import java.io.IOException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.auth.AuthResult;
import dev.mailwright.auth.Authenticator;
import dev.mailwright.auth.SaslPlain;
import dev.mailwright.imap.command.AuthCommand;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.session.SessionRegistry;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.store.AccountStore.Account;

/** LOGIN, AUTHENTICATE (PLAIN, LOGIN; SASL-IR) and STARTTLS: the not-authenticated state. */
public final class AuthProcessor {
    private static final Logger log = LoggerFactory.getLogger(AuthProcessor.class);
    private static final String USERNAME_PROMPT = "VXNlcm5hbWU6";
    private static final String PASSWORD_PROMPT = "UGFzc3dvcmQ6";

    private final Authenticator authenticator;
    private final SessionRegistry registry;

    public AuthProcessor(Authenticator authenticator, SessionRegistry registry) {
        this.authenticator = authenticator;
        this.registry = registry;
    }

    public Outcome handle(AuthCommand command, ImapState.NotAuthenticated state, SessionContext ctx, ClientLines lines)
            throws IOException {
        return switch (command) {
            case AuthCommand.StartTls s -> startTls(state, ctx);
            case AuthCommand.Login l -> {
                if (!ctx.plaintextAuthAllowed()) {
                    throw ImapException.no(ImapResponses.CODE_PRIVACY_REQUIRED, "LOGIN is disabled until TLS is active (STARTTLS)");
                }
                yield login(l.user(), l.password(), ctx);
            }
            case AuthCommand.Authenticate a -> {
                if (!ctx.plaintextAuthAllowed()) {
                    throw ImapException.no(ImapResponses.CODE_PRIVACY_REQUIRED, "Authentication is disabled until TLS is active (STARTTLS)");
                }
                yield authenticate(a, ctx, lines);
            }
        };
    }

    /** Only checks; the session writes the OK, then upgrades the connection and resets its state. */
    private Outcome startTls(ImapState.NotAuthenticated state, SessionContext ctx) {
        if (ctx.connection().isSecure() || !ctx.capabilities(state).contains("STARTTLS")) {
            throw ImapException.bad("TLS is already active or not offered here");
        }
        if (ctx.connection().hasBufferedInput()) {
            // RFC 3501 §6.2.1 / CVE-2011-0411: bytes pipelined after STARTTLS would be taken as encrypted input
            throw ImapException.bad("Data after STARTTLS is not allowed");
        }
        return Outcome.ok(state, "Begin TLS negotiation now");
    }

    private Outcome login(String user, String password, SessionContext ctx) {
        AuthResult result = authenticator.authenticate(user, password, ctx.connection().remoteAddress().getAddress());
        return switch (result) {
            case AuthResult.Success s -> admitted(s.account(), ctx);
            case AuthResult.Failure f -> throw ImapException.no("AUTHENTICATIONFAILED", "Invalid credentials");
            case AuthResult.Throttled t -> throw ImapException.no("UNAVAILABLE", "Too many failed attempts, try again later");
        };
    }

    private Outcome admitted(Account account, SessionContext ctx) {
        if (!registry.admit(account.id(), ctx.properties().imapLimits().maxConnectionsPerAccount())) {
            log.info("{}: too many sessions for {}", ctx.connection().id(), account.address());
            throw ImapException.no("LIMIT", "Too many connections for this account");
        }
        ImapState.Authenticated next = new ImapState.Authenticated(account);
        return Outcome.ok(next, ctx.capabilityCode(next), "Logged in");
    }

    private Outcome authenticate(AuthCommand.Authenticate command, SessionContext ctx, ClientLines lines) throws IOException {
        switch (command.mechanism()) {
            case "PLAIN" -> {
                String response = command.initialResponse().isPresent()
                        ? command.initialResponse().get()
                        : challenge("", ctx, lines);
                SaslPlain.Credentials credentials = SaslPlain.decode(response.equals("=") ? "" : response)
                        .orElseThrow(() -> ImapException.bad("Malformed PLAIN response"));
                if (!credentials.actsAsItself()) {
                    throw ImapException.no("AUTHORIZATIONFAILED", "Acting as another user is not permitted");
                }
                return login(credentials.username(), credentials.password(), ctx);
            }
            case "LOGIN" -> {
                String userLine = command.initialResponse().isPresent()
                        ? command.initialResponse().get()
                        : challenge(USERNAME_PROMPT, ctx, lines);
                String user = SaslPlain.decodeLoginLine(userLine).orElseThrow(() -> ImapException.bad("Malformed LOGIN response"));
                String password = SaslPlain.decodeLoginLine(challenge(PASSWORD_PROMPT, ctx, lines))
                        .orElseThrow(() -> ImapException.bad("Malformed LOGIN response"));
                return login(user, password, ctx);
            }
            default -> throw ImapException.no("CANNOT", "Unsupported mechanism " + command.mechanism());
        }
    }

    private String challenge(String prompt, SessionContext ctx, ClientLines lines) throws IOException {
        ctx.send(new ImapResponse.Continuation(prompt));
        ctx.flush();
        Optional<String> line = lines.next();
        if (line.isEmpty()) {
            throw ImapException.bad("Authentication aborted");
        }
        if (line.get().equals("*")) {
            throw ImapException.bad("Authentication cancelled");
        }
        return line.get();
    }
}
