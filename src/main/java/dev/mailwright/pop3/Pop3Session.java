package dev.mailwright.pop3;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import dev.mailwright.auth.AuthResult;
import dev.mailwright.auth.SaslPlain;
import dev.mailwright.config.MailwrightProperties.Pop3Limits;
import dev.mailwright.net.Connection;
import dev.mailwright.net.DeadlineExceededException;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.StoreException;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;

/**
 * One POP3 connection (RFC 1939): the AUTHORIZATION state until USER/PASS or AUTH succeeds and the maildrop lock is
 * taken, then TRANSACTION on a {@link Maildrop} snapshot; QUIT there enters UPDATE and expunges what DELE marked. A
 * connection that ends any other way changes nothing.
 */
final class Pop3Session {
    private static final Logger log = LoggerFactory.getLogger(Pop3Session.class);

    private final Connection connection;
    private final Pop3Server server;
    private final Pop3Limits limits;
    private final boolean offersStls;
    private final ConnectionOutput out;
    private final CommandLineReader lines;
    private int badCommands;
    private Optional<String> pendingUser = Optional.empty();
    private Account account;
    private Maildrop maildrop;

    Pop3Session(Connection connection, Pop3Server server, boolean offersStls) {
        this.connection = connection;
        this.server = server;
        this.limits = server.limits();
        this.offersStls = offersStls;
        this.out = new ConnectionOutput(connection);
        this.lines = new CommandLineReader(connection.input(), limits.maxCommandLine());
    }

    /** A reply that ends the command; {@code bad} ones count towards max-bad-commands. */
    private static final class Refusal extends RuntimeException {
        private final boolean bad;

        Refusal(String reply, boolean bad) {
            super(reply, null, false, false);
            this.bad = bad;
        }
    }

    private static Refusal bad(String text) {
        return new Refusal("-ERR " + text, true);
    }

    private static Refusal err(String text) {
        return new Refusal("-ERR " + text, false);
    }

    void run() throws IOException {
        connection.limitTimeUntilAuthenticated(limits.unauthenticatedSessionTime());
        try {
            reply("+OK " + server.hostname() + " Mailwright POP3 ready");
            while (true) {
                out.flush();
                connection.setReadTimeout(maildrop == null ? limits.loginTimeout() : limits.idleTimeout());
                connection.expectCommand(limits.commandTimeout());
                CommandLineReader.Line line;
                try {
                    line = lines.next();
                } catch (DeadlineExceededException e) {
                    throw e;
                } catch (SocketTimeoutException e) {
                    // RFC 1939 §3: an autologout timer ends the session without entering UPDATE
                    reply("-ERR Autologout; idle for too long");
                    return;
                }
                boolean go = switch (line) {
                    case CommandLineReader.Line.EndOfStream e -> false;
                    case CommandLineReader.Line.TooLong t -> {
                        reply("-ERR Command line too long");
                        yield countBad();
                    }
                    case CommandLineReader.Line.Text t -> command(t.text());
                };
                if (!go) {
                    return;
                }
            }
        } catch (DeadlineExceededException e) {
            log.info("{}: closing, {}", connection.id(), e.getMessage());
            reply("-ERR " + switch (e.kind()) {
                case COMMAND -> "Command not completed in time";
                case TRANSFER -> "Too slow";
                case SESSION -> "Not authenticated in time";
            });
        } finally {
            // the maildrop lock before the last reply leaves the buffer (RFC 1939 §6 releases it as the session ends
            // after QUIT's reply): a client that has read "+OK ... signing off" and connects again finds it free
            try {
                if (maildrop != null) {
                    server.locks().release(account.id());
                }
            } finally {
                out.flush();
            }
        }
    }

    private boolean countBad() throws IOException {
        if (++badCommands > limits.maxBadCommands()) {
            reply("-ERR Too many bad commands, closing connection");
            return false;
        }
        return true;
    }

    /** Returns false when the session must end. */
    private boolean command(String line) throws IOException {
        int space = line.indexOf(' ');
        String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : line.substring(space + 1);
        try {
            return maildrop == null ? authorization(keyword, argument) : transaction(keyword, argument);
        } catch (Refusal r) {
            reply(r.getMessage());
            return !r.bad || countBad();
        } catch (StoreException | DataAccessException | TransactionException e) {
            log.warn("{}: {} failed in the store: {}", connection.id(), keyword, e.getMessage());
            reply("-ERR [SYS/TEMP] Storage temporarily unavailable, try again");
            return true;
        }
    }

    // ---- AUTHORIZATION ----

    private boolean authorization(String keyword, String argument) throws IOException {
        switch (keyword) {
            case "CAPA" -> capabilities();
            case "USER" -> user(argument);
            case "PASS" -> pass(argument);
            case "AUTH" -> auth(argument);
            case "STLS" -> stls(argument);
            case "QUIT" -> {
                reply("+OK " + server.hostname() + " Mailwright POP3 signing off");
                return false;
            }
            case "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "TOP", "UIDL" -> throw bad("Not logged in");
            default -> throw bad("Unknown command");
        }
        return true;
    }

    private boolean authAllowed() {
        return connection.isSecure() || server.allowPlaintextAuth();
    }

    private void requireAuthAllowed() {
        if (!authAllowed()) {
            // RFC 2595 §2: no password over an unprotected connection
            throw err("[AUTH] Plaintext authentication is disabled until TLS is active (STLS)");
        }
    }

    private void capabilities() throws IOException {
        StringBuilder capa = new StringBuilder("+OK Capability list follows\r\n");
        capa.append("TOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\n");
        if (maildrop == null && authAllowed()) {
            capa.append("USER\r\nSASL PLAIN\r\n");
        }
        if (maildrop == null && offersStls && !connection.isSecure()) {
            capa.append("STLS\r\n");
        }
        capa.append("IMPLEMENTATION Mailwright\r\n.");
        reply(capa.toString());
    }

    private void user(String name) throws IOException {
        requireAuthAllowed();
        if (name.isBlank()) {
            throw bad("USER needs a name");
        }
        pendingUser = Optional.of(name);
        reply("+OK Send PASS");
    }

    private void pass(String password) throws IOException {
        requireAuthAllowed();
        if (pendingUser.isEmpty()) {
            throw bad("USER first");
        }
        String user = pendingUser.get();
        pendingUser = Optional.empty();   // RFC 1939 §7: a failed PASS starts over with USER
        login(user, password);
    }

    private void auth(String argument) throws IOException {
        if (argument.isEmpty()) {
            reply("+OK Mechanisms follow\r\nPLAIN\r\n.");   // the listing some clients still ask for (RFC 1734)
            return;
        }
        String[] parts = argument.split(" ", -1);
        if (parts.length > 2) {
            throw bad("AUTH takes a mechanism and an optional initial response");
        }
        if (!parts[0].equalsIgnoreCase("PLAIN")) {
            throw err("Unsupported authentication mechanism");
        }
        requireAuthAllowed();
        connection.expectExchange(limits.authTimeout());
        String response = parts.length == 2 ? parts[1] : challenge();
        // RFC 5034 §4: "=" is an empty initial response
        SaslPlain.Credentials credentials = SaslPlain.decode(response.equals("=") ? "" : response)
                .orElseThrow(() -> err("[AUTH] Malformed PLAIN response"));
        if (!credentials.actsAsItself()) {
            throw err("[AUTH] Acting as another user is not permitted");
        }
        login(credentials.username(), credentials.password());
    }

    private String challenge() throws IOException {
        reply("+ ");
        out.flush();
        return switch (lines.next()) {
            case CommandLineReader.Line.EndOfStream e -> throw new EOFException("connection closed during AUTH");
            case CommandLineReader.Line.TooLong t -> throw bad("Response line too long");
            case CommandLineReader.Line.Text t when t.text().equals("*") -> throw err("Authentication cancelled");
            case CommandLineReader.Line.Text t -> t.text();
        };
    }

    private void login(String user, String password) throws IOException {
        AuthResult result = server.authenticator().authenticate(user, password, connection.remoteAddress().getAddress());
        switch (result) {
            case AuthResult.Success s -> admit(s.account());
            case AuthResult.Failure f -> throw err("[AUTH] Invalid credentials");
            case AuthResult.Throttled t -> throw err("[SYS/TEMP] Too many failed attempts, try again later");
        }
    }

    private void admit(Account candidate) throws IOException {
        if (!server.locks().tryLock(candidate.id())) {
            log.info("{}: maildrop of {} is locked by another POP3 session", connection.id(), candidate.address());
            throw err("[IN-USE] Another POP3 session of this account is active");
        }
        Maildrop snapshot;
        try {
            MailboxInfo inbox = server.store().mailbox(candidate.id(), "INBOX")
                    .orElseThrow(() -> new IllegalStateException("account without INBOX"));
            snapshot = Maildrop.snapshot(server.store(), inbox, server.octets());
        } catch (RuntimeException e) {
            server.locks().release(candidate.id());
            log.warn("{}: maildrop of {} not opened: {}", connection.id(), candidate.address(), e.toString());
            throw err("[SYS/TEMP] Maildrop temporarily unavailable, try again");
        }
        account = candidate;
        maildrop = snapshot;
        connection.authenticated();
        log.debug("{}: {} logged in, {} messages", connection.id(), candidate.address(), snapshot.size());
        reply("+OK Logged in, " + snapshot.liveCount() + " messages (" + snapshot.liveOctets() + " octets)");
    }

    private void stls(String argument) throws IOException {
        if (!offersStls || connection.isSecure()) {
            throw bad("STLS is not available here");
        }
        if (!argument.isEmpty()) {
            throw bad("STLS takes no argument");
        }
        if (connection.hasBufferedInput()) {
            // RFC 2595 §4 / CVE-2011-0411: bytes pipelined after STLS would be taken as encrypted input
            throw bad("Data after STLS is not allowed");
        }
        reply("+OK Begin TLS negotiation");
        out.flush();
        connection.startTls();
        pendingUser = Optional.empty();
    }

    // ---- TRANSACTION ----

    private boolean transaction(String keyword, String argument) throws IOException {
        switch (keyword) {
            case "CAPA" -> capabilities();
            case "STAT" -> {
                noArgument(argument);
                reply("+OK " + maildrop.liveCount() + " " + maildrop.liveOctets());
            }
            case "LIST" -> list(argument);
            case "UIDL" -> uidl(argument);
            case "RETR" -> {
                return retr(message(argument));
            }
            case "TOP" -> {
                return top(argument);
            }
            case "DELE" -> {
                int index = message(argument);
                maildrop.delete(index);
                reply("+OK Message " + argument + " deleted");
            }
            case "RSET" -> {
                noArgument(argument);
                maildrop.undeleteAll();
                reply("+OK Maildrop has " + maildrop.liveCount() + " messages (" + maildrop.liveOctets() + " octets)");
            }
            case "NOOP" -> {
                noArgument(argument);
                reply("+OK");
            }
            case "QUIT" -> {
                update();
                return false;
            }
            case "USER", "PASS", "AUTH", "STLS" -> throw bad("Already logged in");
            default -> throw bad("Unknown command");
        }
        return true;
    }

    private static void noArgument(String argument) {
        if (!argument.isEmpty()) {
            throw bad("No argument expected");
        }
    }

    /** The index of the message {@code argument} names; refused when it does not exist or is marked deleted. */
    private int message(String argument) {
        int number = number(argument, 9);
        OptionalInt index = maildrop.live(number);
        if (index.isPresent()) {
            return index.getAsInt();
        }
        if (number >= 1 && number <= maildrop.size()) {
            throw err("Message " + number + " already deleted");
        }
        throw err("No such message");
    }

    /** A decimal number of at most {@code digits} digits, nothing else. */
    private static int number(String text, int digits) {
        if (text.isEmpty() || text.length() > digits) {
            throw bad("Invalid number");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw bad("Invalid number");
            }
        }
        return Integer.parseInt(text);
    }

    private void list(String argument) throws IOException {
        if (!argument.isEmpty()) {
            int index = message(argument);
            reply("+OK " + (index + 1) + " " + maildrop.octets(index));
            return;
        }
        reply("+OK " + maildrop.liveCount() + " messages (" + maildrop.liveOctets() + " octets)");
        for (int i = 0; i < maildrop.size(); i++) {
            if (!maildrop.isDeleted(i)) {
                reply((i + 1) + " " + maildrop.octets(i));
            }
        }
        reply(".");
    }

    private void uidl(String argument) throws IOException {
        if (!argument.isEmpty()) {
            int index = message(argument);
            reply("+OK " + (index + 1) + " " + maildrop.uniqueId(index));
            return;
        }
        reply("+OK Unique-ID listing follows");
        for (int i = 0; i < maildrop.size(); i++) {
            if (!maildrop.isDeleted(i)) {
                reply((i + 1) + " " + maildrop.uniqueId(i));
            }
        }
        reply(".");
    }

    private boolean retr(int index) throws IOException {
        try (InputStream message = open(index)) {
            reply("+OK " + maildrop.octets(index) + " octets");
            return send(() -> DotStuffedCopy.message(message, out));
        }
    }

    private boolean top(String argument) throws IOException {
        String[] parts = argument.split(" ", -1);
        if (parts.length != 2) {
            throw bad("TOP needs a message number and a line count");
        }
        int index = message(parts[0]);
        long bodyLines = number(parts[1], 9);
        try (InputStream message = open(index)) {
            reply("+OK Top of message follows");
            return send(() -> DotStuffedCopy.top(message, out, bodyLines));
        }
    }

    /**
     * The stored bytes of a message of the snapshot, refused when an IMAP client expunged it since this session logged
     * in, or when its bytes cannot be read.
     */
    private InputStream open(int index) {
        MailStore store = server.store();
        AtomicBoolean present = new AtomicBoolean();
        store.forEachMessage(maildrop.inbox().id(), UidSet.of(maildrop.uid(index)), ref -> present.set(true));
        if (!present.get()) {
            throw err("Message " + (index + 1) + " was removed by another client");
        }
        String hash = maildrop.blobHash(index);
        if (!store.hasMessageBytes(hash)) {
            log.warn("{}: message {} of {} has no readable bytes", connection.id(), maildrop.uid(index), account.address());
            throw err("[SYS/TEMP] Message " + (index + 1) + " cannot be read now");
        }
        try {
            return store.openMessage(hash);
        } catch (IOException e) {
            log.warn("{}: message {} of {} not opened: {}", connection.id(), maildrop.uid(index), account.address(), e.toString());
            throw err("[SYS/TEMP] Message " + (index + 1) + " cannot be read now");
        }
    }

    private interface Transmission {
        void run() throws IOException;
    }

    /** Returns false (the connection closes) when the stored bytes failed after the response began. */
    private boolean send(Transmission transmission) throws IOException {
        try {
            transmission.run();
            return true;
        } catch (DotStuffedCopy.SourceFailed e) {
            // the client has part of a message and no terminating dot: closing is the only honest end
            log.warn("{}: reading a message of {} failed mid-response, closing: {}", connection.id(), account.address(),
                    e.getMessage());
            return false;
        }
    }

    // ---- UPDATE ----

    /** RFC 1939 §6: removes the messages marked deleted through the store, so IMAP sessions see them expunged. */
    private void update() throws IOException {
        Optional<UidSet> marked = maildrop.deletedUids();
        if (marked.isPresent()) {
            MailStore store = server.store();
            MailboxInfo inbox = maildrop.inbox();
            try {
                store.updateFlags(account.id(), inbox.id(), marked.get(), MailStore.FlagChange.ADD,
                        Flags.of(SystemFlag.DELETED), Optional.empty());
                store.expunge(account.id(), inbox.id(), marked);
            } catch (StoreException | DataAccessException | TransactionException e) {
                log.warn("{}: UPDATE for {} failed: {}", connection.id(), account.address(), e.getMessage());
                reply("-ERR [SYS/TEMP] Some deleted messages not removed, try again");
                return;
            }
        }
        reply("+OK " + server.hostname() + " Mailwright POP3 signing off");
    }

    private void reply(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
}
