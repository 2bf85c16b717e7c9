package dev.mailwright.imap.processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.mailwright.imap.command.SessionCommand;
import dev.mailwright.imap.session.ImapState;
import dev.mailwright.imap.session.SessionContext;
import dev.mailwright.imap.session.SessionContext.Extension;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.Status;

/** CAPABILITY, NOOP, LOGOUT, ID and ENABLE: valid in every state. */
public final class SessionProcessor {

    public Outcome handle(SessionCommand command, ImapState state, SessionContext ctx) throws IOException {
        return switch (command) {
            case SessionCommand.Capability c -> {
                ctx.send(new ImapResponse.Capabilities(ctx.capabilities(state)));
                yield Outcome.ok(state, "CAPABILITY completed");
            }
            case SessionCommand.Noop n -> Outcome.ok(state, "NOOP completed");
            case SessionCommand.Logout l -> {
                ctx.send(new ImapResponse.StatusLine(Status.BYE, Optional.empty(), "Logging out"));
                yield Outcome.ok(new ImapState.LoggedOut(), "LOGOUT completed");
            }
            case SessionCommand.Id id -> {
                ctx.send(new ImapResponse.Id(List.of("name", "Mailwright", "vendor", "mailwright.dev")));
                yield Outcome.ok(state, "ID completed");
            }
            case SessionCommand.Enable e -> enable(e, state, ctx);
        };
    }

    private Outcome enable(SessionCommand.Enable command, ImapState state, SessionContext ctx) throws IOException {
        if (state instanceof ImapState.NotAuthenticated) {
            throw ImapResponses.wrongState("ENABLE", ImapResponses.NOT_AUTHENTICATED);
        }
        List<String> enabled = new ArrayList<>();
        boolean condstore = false;
        for (String requested : command.capabilities()) {
            String capability = requested;
            Optional<Extension> extension = switch (capability) {
                case "CONDSTORE" -> Optional.of(Extension.CONDSTORE);
                case "QRESYNC" -> Optional.of(Extension.QRESYNC);
                case "UTF8=ACCEPT" -> Optional.of(Extension.UTF8_ACCEPT);
                case "IMAP4REV2" -> Optional.of(Extension.IMAP4REV2);
                default -> Optional.empty();
            };
            if (extension.isPresent() && extension.get() == Extension.IMAP4REV2) {
                capability = "IMAP4rev2";   // as advertised
            }
            if (extension.isPresent() && !enabled.contains(capability)) {
                if (extension.get() != Extension.CONDSTORE) {
                    ctx.enable(extension.get());
                }
                if (extension.get() == Extension.CONDSTORE || extension.get() == Extension.QRESYNC) {
                    condstore = true;   // RFC 7162 §3.2.3: QRESYNC implies CONDSTORE
                }
                enabled.add(capability);
            }
        }
        ctx.send(new ImapResponse.Enabled(enabled));
        if (condstore) {
            CondStoreEnabling.enable(state, ctx);
        }
        return Outcome.ok(state, "ENABLE completed");
    }
}
