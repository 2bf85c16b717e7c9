package dev.mailwright.smtp;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.mailwright.inbound.spam.MxDefence;
import dev.mailwright.inbound.spam.Refusal;
import dev.mailwright.smtp.SmtpPolicy.Allowed;
import dev.mailwright.smtp.SmtpPolicy.Refused;
import dev.mailwright.smtp.SmtpState.InTransaction;
import dev.mailwright.smtp.SmtpState.LocalRecipient;
import dev.mailwright.smtp.SmtpState.Ready;
import dev.mailwright.smtp.SmtpState.Recipient;
import dev.mailwright.smtp.SmtpState.Transaction;

/** MAIL and RCPT: parameters, submission requirements, sender and recipient policy, the recipient limit. */
final class EnvelopeCommands {
    private final SmtpSettings settings;
    private final SmtpPolicy policy;
    private final Optional<MxDefence> defence;

    EnvelopeCommands(SmtpSettings settings, SmtpPolicy policy, Optional<MxDefence> defence) {
        this.settings = settings;
        this.policy = policy;
        this.defence = defence;
    }

    SmtpState mail(SmtpCommand.Mail command, Ready ready, Client client, SmtpIo io) throws IOException {
        Optional<SmtpReply> refusal = submissionRequirement(client)
                .or(() -> mailParameters(command.parameters()))
                .or(() -> policy.checkSender(client, command.sender()));
        if (refusal.isPresent()) {
            io.reply(refusal.get());
            return ready;
        }
        io.reply(SmtpReplies.SENDER_OK.format(command.sender()));
        String size = command.parameters().get("SIZE");
        return new InTransaction(ready.greeting(), new Transaction(command.sender(), List.of(),
                size == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(size))));
    }

    SmtpState rcpt(SmtpCommand.Rcpt command, InTransaction current, Client client, SmtpIo io) throws IOException {
        if (!command.parameters().isEmpty()) {
            io.reply(SmtpReplies.UNSUPPORTED_PARAMETER.format(String.join(" ", command.parameters().keySet())));
            return current;
        }
        if (current.transaction().recipients().size() >= settings.limits().maxRecipients()) {
            io.reply(SmtpReplies.TOO_MANY_RECIPIENTS);
            return current;
        }
        return switch (policy.checkRecipient(client, command.recipient(), current.transaction().declaredSize())) {
            case Allowed<Recipient> allowed -> {
                Optional<Refusal> spam = spamRefusal(client, current, allowed.value());
                if (spam.isPresent()) {
                    io.reply(SmtpSession.reply(spam.get()));
                    yield current;
                }
                io.reply(SmtpReplies.RECIPIENT_OK.format(command.recipient()));
                yield new InTransaction(current.greeting(), current.transaction().with(allowed.value()));
            }
            case Refused<Recipient> refused -> {
                io.reply(refused.reply());
                yield current;
            }
        };
    }

    /** Block lists and greylisting, for local recipients on the MX port. */
    private Optional<Refusal> spamRefusal(Client client, InTransaction current, Recipient recipient) {
        if (!(recipient instanceof LocalRecipient) || client.admission().isEmpty()) {
            return Optional.empty();
        }
        return defence.flatMap(d -> d.recipient(client.admission().get(), client.address(),
                current.transaction().sender(), recipient.address()));
    }

    /** RFC 6409 §4.3 / RFC 4954: submission wants TLS (unless plaintext AUTH is allowed) and AUTH before MAIL. */
    private Optional<SmtpReply> submissionRequirement(Client client) {
        return switch (client.service()) {
            case MX -> Optional.empty();
            case SUBMISSION -> {
                if (!client.isSecure() && !settings.allowPlaintextAuth()) {
                    yield Optional.of(SmtpReplies.STARTTLS_FIRST);
                }
                yield client.account().isEmpty() ? Optional.of(SmtpReplies.AUTH_REQUIRED) : Optional.empty();
            }
        };
    }

    /** SIZE (RFC 1870), BODY (RFC 6152), SMTPUTF8 (RFC 6531) and AUTH (RFC 4954 §5) are understood. */
    private Optional<SmtpReply> mailParameters(Map<String, String> parameters) {
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String value = parameter.getValue();
            switch (parameter.getKey()) {
                case "SIZE" -> {
                    if (!value.matches("\\d{1,18}")) {
                        return Optional.of(SmtpReplies.SYNTAX.format("SIZE=<octets>"));
                    }
                    if (Long.parseLong(value) > settings.maxMessageSize()) {
                        return Optional.of(SmtpReplies.MESSAGE_TOO_BIG.format(settings.maxMessageSize()));
                    }
                }
                case "BODY" -> {
                    if (!value.equalsIgnoreCase("7BIT") && !value.equalsIgnoreCase("8BITMIME")) {
                        return Optional.of(SmtpReplies.UNSUPPORTED_PARAMETER.format("BODY=" + value));
                    }
                }
                case "SMTPUTF8", "AUTH" -> { }
                default -> {
                    return Optional.of(SmtpReplies.UNSUPPORTED_PARAMETER.format(parameter.getKey()));
                }
            }
        }
        return Optional.empty();
    }
}
