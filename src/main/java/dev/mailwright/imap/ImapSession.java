package dev.mailwright.imap;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailwright.imap.command.AuthCommand;
import dev.mailwright.imap.command.Compress;
import dev.mailwright.imap.command.DecodeException;
import dev.mailwright.imap.command.Idle;
import dev.mailwright.imap.command.ImapCommand;
import dev.mailwright.imap.command.ImapParser;
import dev.mailwright.imap.command.MailboxCommand;
import dev.mailwright.imap.command.MessageCommand;
import dev.mailwright.imap.command.QuotaCommand;
import dev.mailwright.imap.command.AclCommand;
import dev.mailwright.imap.command.SessionCommand;
import dev.mailwright.imap.processor.CompressProcessor;
import dev.mailwright.imap.processor.ImapException;
import dev.mailwright.imap.processor.StoreErrors;
import dev.mailwright.imap.processor.ImapResponses;
import dev.mailwright.imap.processor.Outcome;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SelectedMailbox;
import dev.mailwright.imap.session.SelectedMailbox.ExpungeAnnouncement;
import dev.mailwright.imap.session.SelectedMailbox.ModSeqReporting;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.session.SessionContext.Extension;
import dev.mailwright.imap.wire.Frame;
import dev.mailwright.imap.wire.ImapFramer;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.LiteralPacing;
import dev.mailwright.imap.wire.Status;
import dev.mailwright.net.Connection;
import dev.mailwright.net.DeadlineExceededException;
import dev.mailwright.net.TransferPace;
import dev.mailwright.store.AccountId;

/**
 * One IMAP connection: read a command, parse it fully, check the state, act, then announce pending
 * changes and complete the command (STYLE §2–§4). Errors are caught in layers (STYLE §6).
 */
final class ImapSession {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

    private final Connection connection;
    private final ImapServer server;
    private final SessionContext ctx;
    private final Path spoolDir;
    private ImapFramer framer;
    private ImapState state = new ImapState.NotAuthenticated();
    private int badCommands;
    private boolean closing;
    private Optional<AccountId> authenticatedAccount = Optional.empty();

    ImapSession(Connection connection, ImapServer server, SessionContext ctx, Path spoolDir) {
        this.connection = connection;
        this.server = server;
        this.ctx = ctx;
        this.spoolDir = spoolDir;
        this.framer = newFramer();
    }

    private ImapFramer newFramer() {
        return new ImapFramer(connection.input(), server.limits().maxCommandLine(), spoolDir, new LiteralPacing() {
            private final TransferPace pace = new TransferPace(server.limits().minTransferRate().toBytes(),
                    server.limits().transferGrace());

            @Override
            public void literalStarts(long size) {
                connection.expectTransfer(pace);
            }

            @Override
            public void literalEnds() {
                // the rest of the command follows the literal at once
                connection.expectExchange(server.limits().commandTimeout());
            }
        });
    }

    void run() throws IOException {
        connection.limitTimeUntilAuthenticated(server.limits().unauthenticatedSessionTime());
        try {
            ctx.send(new ImapResponse.StatusLine(Status.OK, Optional.of(ctx.capabilityCode(state)),
                    server.hostname() + " Mailwright IMAP4rev1 ready"));
            while (!(state instanceof ImapState.LoggedOut) && !closing) {
                ctx.flush();
                // RFC 3501 §5.4: at least 30 minutes once logged in; before that a short timeout frees idle sockets
                connection.setReadTimeout(state instanceof ImapState.NotAuthenticated
                        ? server.limits().loginTimeout() : server.limits().idleTimeout());
                connection.expectCommand(server.limits().commandTimeout());
                Frame frame;
                try {
                    frame = framer.next(new SessionLiteralPolicy(state, server.limits(), ctx.appendLimit()), this::continuation);
                } catch (DeadlineExceededException e) {
                    throw e;   // not silence: answered below
                } catch (SocketTimeoutException e) {
                    bye("Autologout; idle for too long");
                    return;
                }
                if (!handle(frame)) {
                    return;
                }
            }
        } catch (DeadlineExceededException e) {
            log.info("{}: closing, {}", connection.id(), e.getMessage());
            bye(switch (e.kind()) {
                case COMMAND -> "Command not completed in time";
                case TRANSFER -> "Literal data too slow";
                case SESSION -> "Not authenticated in time";
            });
        } finally {
            ctx.flush();
            leave();
        }
    }

    private void continuation() throws IOException {
        ctx.send(new ImapResponse.Continuation("Ready for literal data"));
        ctx.flush();
    }

    /** Returns false when the session must end. */
    private boolean handle(Frame frame) throws IOException {
        return switch (frame) {
            case Frame.EndOfStream e -> false;
            case Frame.Abort a -> {
                bye(a.text());
                yield false;
            }
            case Frame.TooLong t -> {
                ctx.tagged(t.tag(), Status.BAD, "Command line too long");
                yield countBad();
            }
            case Frame.Refused r -> {
                ctx.send(new ImapResponse.Tagged(r.tag(), r.status(), r.code(), r.text()));
                yield r.status() != Status.BAD || countBad();
            }
            case Frame.Command c -> {
                try {
                    command(c);
                } finally {
                    c.discardSpool();
                }
                yield !(state instanceof ImapState.LoggedOut);
            }
        };
    }

    private void command(Frame.Command frame) throws IOException {
        ImapCommand command;
        try {
            command = ImapParser.parse(frame.parts(), ctx.names());
        } catch (DecodeException e) {
            if (e.isRefusal()) {
                ctx.tagged(e.tag(), Status.NO, e.getMessage());
                return;
            }
            ctx.tagged(e.tag(), Status.BAD, e.getMessage());
            countBadOrClose();
            return;
        } catch (RuntimeException | StackOverflowError e) {
            // every parser path is bounded; should one still fail, this command fails, not the session
            String tag = ImapParser.tagOf(frame.parts());
            log.error("{}: parsing a command failed", connection.id(), e);
            ctx.tagged(tag, Status.BAD, "CLIENTBUG", "Command could not be parsed");
            countBadOrClose();
            return;
        }
        try {
            Outcome outcome = dispatch(command, frame);
            ImapState next = outcome.state();
            if (state instanceof ImapState.Selected s && !(next instanceof ImapState.Selected n && n.mailbox() == s.mailbox())) {
                server.registry().unwatch(s.mailbox());
            }
            announce(next, command);
            ctx.send(new ImapResponse.Tagged(command.tag(), outcome.status(), outcome.code(), outcome.text()));
            if (command instanceof AuthCommand.StartTls && outcome.status() == Status.OK) {
                ctx.flush();
                connection.startTls();
                ctx.resetAfterTls();
                framer = newFramer();
                next = new ImapState.NotAuthenticated();
            }
            if (command instanceof Compress && outcome.status() == Status.OK) {
                ctx.flush();   // the OK goes out uncompressed (RFC 4978 §3); everything after it is DEFLATE both ways
                connection.startCompression();
            }
            enter(next);
        } catch (ImapException e) {
            announce(state, command);
            ctx.send(new ImapResponse.Tagged(command.tag(), e.status(), e.code(), e.getMessage()));
            if (e.status() == Status.BAD) {
                countBadOrClose();
            }
        } catch (dev.mailwright.store.StoreException e) {
            // a store failure no processor mapped (the database went away mid-command): one mapping for all
            log.warn("{}: command {} failed in the store: {}", connection.id(), command.getClass().getSimpleName(), e.getMessage());
            ImapException mapped = StoreErrors.toImap(e, StoreErrors.Role.SUBJECT);
            ctx.send(new ImapResponse.Tagged(command.tag(), mapped.status(), mapped.code(), mapped.getMessage()));
        } catch (org.springframework.dao.DataAccessException | org.springframework.transaction.TransactionException e) {
            log.warn("{}: command {} failed, the database is unavailable: {}", connection.id(),
                    command.getClass().getSimpleName(), e.getMessage());
            ctx.tagged(command.tag(), Status.NO, "UNAVAILABLE", "Storage temporarily unavailable, try again");
        } catch (RuntimeException | StackOverflowError e) {
            log.error("{}: command {} failed", connection.id(), command.getClass().getSimpleName(), e);
            ctx.tagged(command.tag(), Status.NO, "SERVERBUG", "Internal error, the command was not completed");
        }
    }

    private Outcome dispatch(ImapCommand command, Frame.Command frame) throws IOException {
        return switch (command) {
            case SessionCommand c -> server.sessions().handle(c, state, ctx);
            case AuthCommand c when state instanceof ImapState.NotAuthenticated s -> {
                connection.expectExchange(server.limits().authTimeout());
                yield server.auth().handle(c, s, ctx, () -> framer.readLine().map(line -> switch (line) {
                    case ImapFramer.LineResult.Text t -> t.text();
                    case ImapFramer.LineResult.TooLong t -> "*";
                }));
            }
            case AuthCommand c -> throw wrongState(frame, ImapResponses.ALREADY_AUTHENTICATED);
            case MailboxCommand c when state instanceof ImapState.Authenticated a -> server.mailboxes().handle(c, a, a.account(), ctx);
            case MailboxCommand c when state instanceof ImapState.Selected s -> server.mailboxes().handle(c, s, s.account(), ctx);
            case MailboxCommand c -> throw wrongState(frame, ImapResponses.NOT_AUTHENTICATED);
            case MessageCommand c when state instanceof ImapState.Selected s -> server.messages().handle(c, s, ctx);
            case MessageCommand c -> throw wrongState(frame, state instanceof ImapState.NotAuthenticated
                    ? ImapResponses.NOT_AUTHENTICATED : ImapResponses.NO_MAILBOX_SELECTED);
            case Idle i when !(state instanceof ImapState.NotAuthenticated) -> new IdleHandler(ctx, framer, server.limits(), server.mailboxes().notifications()).idle(i, state);
            case Idle i -> throw wrongState(frame, ImapResponses.NOT_AUTHENTICATED);
            case QuotaCommand c when state instanceof ImapState.Authenticated a -> server.quotas().handle(c, a, a.account(), ctx);
            case QuotaCommand c when state instanceof ImapState.Selected s -> server.quotas().handle(c, s, s.account(), ctx);
            case QuotaCommand c -> throw wrongState(frame, ImapResponses.NOT_AUTHENTICATED);
            case Compress c when !(state instanceof ImapState.NotAuthenticated) -> CompressProcessor.handle(c, state, ctx);
            case Compress c -> throw wrongState(frame, ImapResponses.NOT_AUTHENTICATED);
            case AclCommand c when state instanceof ImapState.Authenticated a -> server.acls().handle(c, a, a.account(), ctx);
            case AclCommand c when state instanceof ImapState.Selected s -> server.acls().handle(c, s, s.account(), ctx);
            case AclCommand c -> throw wrongState(frame, ImapResponses.NOT_AUTHENTICATED);
        };
    }

    private static ImapException wrongState(Frame.Command frame, String why) {
        return ImapResponses.wrongState(ImapParser.commandName(frame.parts()), why);
    }

    /** Sends what other sessions changed, before the tagged response (RFC 3501 §7.4.1 for EXPUNGE). */
    private void announce(ImapState next, ImapCommand command) throws IOException {
        try {
            ctx.sendAll(server.mailboxes().notifications().pending(next, ctx));   // NOTIFY: other mailboxes (RFC 5465)
        } catch (dev.mailwright.store.StoreException | org.springframework.dao.DataAccessException
                 | org.springframework.transaction.TransactionException e) {
            log.debug("{}: notifications not announced now: {}", connection.id(), e.getMessage());
        }
        if (!(next instanceof ImapState.Selected s)) {
            return;
        }
        SelectedMailbox mailbox = s.mailbox();
        if (!(command instanceof MessageCommand) && !mailbox.sharedRights().isWithdrawn()) {
            try {
                server.messages().refreshRights(s);   // NOOP, IDLE...: message commands did it before they ran
            } catch (ImapException withdrawn) {
                log.debug("{}: {}", connection.id(), withdrawn.getMessage());
            } catch (dev.mailwright.store.StoreException | org.springframework.dao.DataAccessException
                     | org.springframework.transaction.TransactionException e) {
                log.debug("{}: rights not read now: {}", connection.id(), e.getMessage());
            }
        }
        if (mailbox.sharedRights().isWithdrawn()) {
            bye("The right to read the selected mailbox was withdrawn");   // nothing more of it is announced
            closing = true;
            return;
        }
        ExpungeAnnouncement expunges = switch (command) {
            case MessageCommand.Fetch f when f.messages().form() == dev.mailwright.imap.command.NumSet.Form.SEQUENCE -> ExpungeAnnouncement.DEFER;
            case MessageCommand.Store st when st.messages().form() == dev.mailwright.imap.command.NumSet.Form.SEQUENCE -> ExpungeAnnouncement.DEFER;
            case MessageCommand.Search se when se.numbering() == MessageCommand.Numbering.SEQUENCE -> ExpungeAnnouncement.DEFER;
            case MessageCommand.Sort so when so.numbering() == MessageCommand.Numbering.SEQUENCE -> ExpungeAnnouncement.DEFER;
            case MessageCommand.ThreadMessages th when th.numbering() == MessageCommand.Numbering.SEQUENCE -> ExpungeAnnouncement.DEFER;
            default -> ExpungeAnnouncement.ANNOUNCE;
        };
        List<ImapResponse.Untagged> updates;
        long knownMaxUid = mailbox.numbers().maxUid();
        try {
            updates = mailbox.drain(expunges, modseqs(ctx), ctx.expungeForm());
        } catch (dev.mailwright.store.StoreException | org.springframework.dao.DataAccessException
                 | org.springframework.transaction.TransactionException e) {
            // the store is unavailable: the updates stay pending for the next command, the tagged reply still goes out
            log.debug("{}: updates not announced now: {}", connection.id(), e.getMessage());
            return;
        }
        ctx.sendAll(updates);
        server.mailboxes().notifications().fetchNew(next, knownMaxUid, ctx);
        if (mailbox.isDeleted()) {
            // IMAP4rev1 has no way to tell a client its selected mailbox vanished, except ending the session
            bye("The selected mailbox was deleted or renamed away");
            closing = true;
        }
    }

    static ModSeqReporting modseqs(SessionContext ctx) {
        return ctx.isEnabled(Extension.CONDSTORE) ? ModSeqReporting.WITH_MODSEQ : ModSeqReporting.WITHOUT_MODSEQ;
    }

    private void enter(ImapState next) {
        if (next instanceof ImapState.Authenticated a && state instanceof ImapState.NotAuthenticated) {
            authenticatedAccount = Optional.of(a.account().id());
            connection.authenticated();
            log.debug("{}: authenticated as {}", connection.id(), a.account().address());
        }
        state = next;
    }

    private boolean countBad() throws IOException {
        badCommands++;
        if (badCommands >= server.limits().maxBadCommands()) {
            bye("Too many invalid commands");
            return false;
        }
        return true;
    }

    private void countBadOrClose() throws IOException {
        if (!countBad()) {
            state = new ImapState.LoggedOut();
        }
    }

    private void bye(String text) throws IOException {
        ctx.send(new ImapResponse.StatusLine(Status.BYE, Optional.empty(), text));
        ctx.flush();
    }

    private void leave() {
        server.mailboxes().notifications().stop(ctx);
        ImapState last = state;
        if (last instanceof ImapState.Selected s) {
            server.registry().unwatch(s.mailbox());
        }
        authenticatedAccount.ifPresent(server.registry()::leave);
    }
}
