package dev.mailwright.smtp;

import java.util.Map;
import java.util.Optional;

/** A decoded command line. Verbs and parameter names are case-insensitive on the wire; here they are upper-case. */
sealed interface SmtpCommand {

    record Ehlo(String domain) implements SmtpCommand {
    }

    record Helo(String domain) implements SmtpCommand {
    }

    /** {@code sender}: the reverse-path without brackets, empty for the null sender {@code <>}. */
    record Mail(String sender, Map<String, String> parameters) implements SmtpCommand {
    }

    record Rcpt(String recipient, Map<String, String> parameters) implements SmtpCommand {
    }

    record Data() implements SmtpCommand {
    }

    record Bdat(long octets, Chunk chunk) implements SmtpCommand {
    }

    enum Chunk { MORE, LAST }

    record Rset() implements SmtpCommand {
    }

    record Noop() implements SmtpCommand {
    }

    record Quit() implements SmtpCommand {
    }

    record Vrfy(String argument) implements SmtpCommand {
    }

    record Help() implements SmtpCommand {
    }

    record StartTls() implements SmtpCommand {
    }

    /** {@code initialResponse}: base64 as sent, {@code =} for an empty one (RFC 4954 §4). */
    record Auth(String mechanism, Optional<String> initialResponse) implements SmtpCommand {
    }

    record Unknown(String verb) implements SmtpCommand {
    }

    /** A known verb with bad arguments, or a line too long for its verb; {@code reply} says which. */
    record Invalid(SmtpReply reply) implements SmtpCommand {
    }
}
