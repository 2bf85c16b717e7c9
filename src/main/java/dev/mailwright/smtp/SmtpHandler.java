package dev.mailwright.smtp;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

import dev.mailwright.inbound.spam.MxDefence;
import dev.mailwright.net.Connection;
import dev.mailwright.net.ConnectionHandler;

/** The SMTP side of one listener (MX or submission). */
final class SmtpHandler implements ConnectionHandler {
    private final SmtpService service;
    private final SmtpSettings settings;
    private final EnvelopeCommands envelope;
    private final MessageIntake intake;
    private final AuthExchange auth;
    private final Clock clock;
    private final Optional<MxDefence> defence;

    SmtpHandler(SmtpService service, SmtpSettings settings, EnvelopeCommands envelope, MessageIntake intake,
                AuthExchange auth, Clock clock, Optional<MxDefence> defence) {
        this.service = service;
        this.settings = settings;
        this.envelope = envelope;
        this.intake = intake;
        this.auth = auth;
        this.clock = clock;
        this.defence = defence;
    }

    @Override
    public void serve(Connection connection) throws IOException {
        new SmtpSession(connection, service, settings, envelope, intake, auth, clock, defence).run();
    }

    @Override
    public byte[] refusal() {
        return SmtpReplies.TOO_MANY_CONNECTIONS.format(settings.hostname()).encode();
    }

    @Override
    public byte[] shutdownNotice() {
        return SmtpReplies.SHUTTING_DOWN.format(settings.hostname()).encode();
    }

    @Override
    public String protocol() {
        return "SMTP";
    }
}
